-- Claims whose lease ran out with no outcome recorded. A live worker renews the leases of its sends every
-- lease/3 seconds (renew-send-leases.sql), so the worker of such a claim died, or lost the database, after
-- the claim was committed and before the outcome was: possibly during the provider call. Whether the
-- provider took the message is unknown, so it is never sent again on its own: it fails as
-- 'send_interrupted' (listed by GET /api/failures, for an operator to retry on purpose). locked_by stays,
-- so that a real outcome arriving late from that worker still wins.
UPDATE kommo_messages
   SET delivery_status     = 'failed',
       delivery_error_code = 'send_interrupted',
       delivery_error      = 'the send was interrupted: worker ' || COALESCE(locked_by, 'unknown')
                             || ' stopped renewing its claim before it recorded what the provider answered'
                             || ' (lease expired at ' || CAST(locked_until AS text) || '); the provider may or may'
                             || ' not have accepted the message, so it is not sent again automatically',
       delivery_updated_at = now(),
       locked_until        = NULL
 WHERE delivery_status = 'pending'
   AND locked_until < now()
RETURNING id AS "messageId", provider, locked_by AS "lockedBy",
          COALESCE(metadata ->> 'inReplyTo', id::text) AS "correlationId"
