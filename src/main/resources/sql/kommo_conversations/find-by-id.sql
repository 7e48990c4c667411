SELECT id, provider, phone, user_id AS "userId", kommo_chat_id AS "kommoChatId", contact_name AS "contactName",
       status, merged_into AS "mergedInto", opted_out_at IS NOT NULL AS "optedOut",
       last_user_message_at AS "lastUserMessageAt"
  FROM kommo_conversations
 WHERE id = :#conversationId
