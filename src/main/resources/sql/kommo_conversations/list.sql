-- GET /api/conversations: newest activity first (id breaks ties, so pages do not overlap); a null
-- filter matches every row. The 24-hour window is measured by the database clock.
SELECT id, provider, phone, contact_name AS "contactName", kommo_chat_id AS "kommoChatId", status,
       last_message_at AS "lastMessageAt", last_user_message_at AS "lastUserMessageAt",
       created_at AS "createdAt", updated_at AS "updatedAt", metadata,
       whatsapp_window_applies(provider) AS "windowApplies",
       whatsapp_window_open(last_user_message_at) AS "withinWindow",
       whatsapp_window_closes_at(last_user_message_at) AS "windowClosesAt"
  FROM kommo_conversations
 WHERE (CAST(:#provider AS text) IS NULL OR provider = CAST(:#provider AS text))
   AND (CAST(:#status AS text) IS NULL OR status = CAST(:#status AS text))
   AND (CAST(:#phone AS text) IS NULL OR phone = CAST(:#phone AS text))
 ORDER BY last_message_at DESC, id DESC
 LIMIT :#limit OFFSET :#offset
