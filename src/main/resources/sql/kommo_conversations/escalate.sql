UPDATE kommo_conversations
   SET status = 'escalated', updated_at = now()
 WHERE id = :#conversationId AND status = 'active'
