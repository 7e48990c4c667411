-- A failure worth another try (no answer, a timeout, 5xx, 429): the message waits as 'pending' until
-- next_attempt_at (the provider's Retry-After, else exponential backoff with jitter), keeping the failure
-- as its last error; no thread waits for it, and its claim is released. Same guard as record-delivery.sql:
-- only the claim's own worker, and a claim marked interrupted meanwhile takes this real outcome.
UPDATE kommo_messages
   SET delivery_status     = 'pending',
       next_attempt_at     = now() + CAST(:#retryDelayMs AS bigint) * interval '1 millisecond',
       delivery_error_code = :#deliveryErrorCode,
       delivery_error      = :#deliveryError,
       delivery_updated_at = now(),
       locked_until        = NULL,
       locked_by           = NULL
 WHERE id = :#messageId
   AND locked_by = :#workerId
   AND (delivery_status = 'pending' OR (delivery_status = 'failed' AND delivery_error_code = 'send_interrupted'))
RETURNING id, next_attempt_at AS "nextAttemptAt"
