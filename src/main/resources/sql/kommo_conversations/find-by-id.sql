SELECT id, provider, phone, kommo_chat_id AS "kommoChatId", contact_name AS "contactName", status,
       last_user_message_at AS "lastUserMessageAt"
  FROM kommo_conversations
 WHERE id = :#conversationId
