UPDATE kommo_conversations
   SET last_message_at = now(), updated_at = now()
 WHERE id = :#conversationId
