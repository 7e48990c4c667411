-- The user wrote again, so the window is open: the conversation's queued messages go out, oldest first,
-- before the reply to the new message (the send worker sends a conversation's messages in seq order).
UPDATE kommo_messages
   SET delivery_status = 'pending', next_attempt_at = now(), delivery_updated_at = now()
 WHERE conversation_id = :#conversationId
   AND delivery_status = 'queued'
