-- The outcome of this worker's claim: what the provider answered (accepted, a final refusal, dry run) or
-- that the message waits for the window (queued). Only the claim's own worker records it; a claim that was
-- marked 'send_interrupted' meanwhile (its lease ran out during a slow call) takes the real outcome, which
-- is the truth. A recorded outcome touches the conversation (its last message is this one).
-- No row returned: the claim is no longer this worker's (an operator retried it since).
WITH recorded AS (
    UPDATE kommo_messages
       SET delivery_status     = :#deliveryStatus,
           provider_message_id = COALESCE(:#providerMessageId, provider_message_id),
           delivery_error_code = :#deliveryErrorCode,
           delivery_error      = :#deliveryError,
           delivery_updated_at = now(),
           -- when the provider took it (or the dry run stood in): the console's reply times and traffic (V11)
           sent_at             = CASE WHEN CAST(:#deliveryStatus AS text) IN ('accepted', 'sent', 'dry_run')
                                      THEN COALESCE(sent_at, now()) ELSE sent_at END,
           locked_until        = NULL,
           -- e.g. which template went out, with which variables
           metadata            = metadata || CAST(COALESCE(:#metadataPatch, '{}') AS jsonb)
     WHERE id = :#messageId
       AND locked_by = :#workerId
       AND (delivery_status = 'pending' OR (delivery_status = 'failed' AND delivery_error_code = 'send_interrupted'))
    RETURNING id, conversation_id
), touched AS (
    UPDATE kommo_conversations c
       SET last_message_at = now(), updated_at = now()
      FROM recorded
     WHERE c.id = recorded.conversation_id
)
-- moreDue: another pending message is due now (e.g. the next one of this conversation), so the worker claims again
SELECT id,
       EXISTS (SELECT 1
                 FROM kommo_messages other
                WHERE other.delivery_status = 'pending'
                  AND other.next_attempt_at <= now()
                  AND other.locked_until IS NULL
                  AND other.id <> :#messageId) AS "moreDue"
  FROM recorded
