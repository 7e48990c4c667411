-- The user wrote again, so the window is open: the conversation's queued messages go out, oldest first,
-- before the reply to the new message (the send worker sends a conversation's messages in seq order), each
-- with the whole budget of attempts (claims that only queued it spent none on the provider).
UPDATE kommo_messages
   SET delivery_status = 'pending', next_attempt_at = now(), delivery_updated_at = now(), send_attempts = 0
 WHERE conversation_id = :#conversationId
   AND delivery_status = 'queued'
