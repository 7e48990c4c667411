-- A final outcome without a file: failed (failure_reason says why) or too_large (over MEDIA_MAX_BYTES). Only by
-- the worker holding the claim.
UPDATE media
   SET status         = :#outcome,
       failure_reason = :#reason,
       size_bytes     = COALESCE(CAST(:#size AS bigint), size_bytes),
       locked_until   = NULL,
       locked_by      = NULL,
       finished_at    = now()
 WHERE id = CAST(:#mediaId AS uuid)
   AND status = 'pending'
   AND locked_by = :#workerId
