-- The file is in the media store: its content address, size and the content type it was served with (the one the
-- webhook announced when the server said none). Only by the worker holding the claim.
UPDATE media
   SET status         = 'stored',
       sha256         = :#sha256,
       size_bytes     = :#size,
       content_type   = COALESCE(content_type, :#contentType),
       failure_reason = NULL,
       locked_until   = NULL,
       locked_by      = NULL,
       finished_at    = now()
 WHERE id = CAST(:#mediaId AS uuid)
   AND status = 'pending'
   AND locked_by = :#workerId
