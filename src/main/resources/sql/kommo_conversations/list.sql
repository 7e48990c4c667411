-- GET /api/conversations: newest activity first (id breaks ties, so pages do not overlap); a null
-- filter matches every row, but conversations merged into another one only show when status=merged is asked
-- for. The 24-hour window is measured by the database clock.
SELECT id, provider, phone, user_id AS "userId", username, parent_user_id AS "parentUserId",
       contact_name AS "contactName", kommo_chat_id AS "kommoChatId", status, merged_into AS "mergedInto",
       opted_out_at IS NOT NULL AS "optedOut", opted_out_at AS "optedOutAt",
       last_message_at AS "lastMessageAt", last_user_message_at AS "lastUserMessageAt",
       created_at AS "createdAt", updated_at AS "updatedAt", metadata,
       whatsapp_window_applies(provider) AS "windowApplies",
       whatsapp_window_open(last_user_message_at) AS "withinWindow",
       whatsapp_window_closes_at(last_user_message_at) AS "windowClosesAt"
  FROM kommo_conversations
 WHERE (CAST(:#provider AS text) IS NULL OR provider = CAST(:#provider AS text))
   AND (CASE WHEN CAST(:#status AS text) IS NULL THEN status <> 'merged' ELSE status = CAST(:#status AS text) END)
   AND (CAST(:#phone AS text) IS NULL OR phone = CAST(:#phone AS text))
   AND (CAST(:#userId AS text) IS NULL OR user_id = CAST(:#userId AS text))
 ORDER BY last_message_at DESC, id DESC
 LIMIT :#limit OFFSET :#offset
