-- The download failed in a way that may pass: tried again after retryDelayMs, the reason kept meanwhile.
UPDATE media
   SET next_attempt_at = now() + make_interval(secs => :#retryDelayMs / 1000.0),
       failure_reason  = :#reason,
       locked_until    = NULL,
       locked_by       = NULL
 WHERE id = CAST(:#mediaId AS uuid)
   AND status = 'pending'
   AND locked_by = :#workerId
