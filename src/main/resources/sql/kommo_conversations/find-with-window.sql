-- GET /api/conversations/{id}: the whole row and its 24-hour window, measured by the database clock.
SELECT id, provider, phone, contact_name AS "contactName", kommo_chat_id AS "kommoChatId", status,
       last_message_at AS "lastMessageAt", last_user_message_at AS "lastUserMessageAt",
       created_at AS "createdAt", updated_at AS "updatedAt", metadata,
       COALESCE(last_user_message_at > now() - interval '24 hours', false) AS "withinWindow",
       last_user_message_at + interval '24 hours' AS "windowClosesAt"
  FROM kommo_conversations
 WHERE id = :#conversationId
