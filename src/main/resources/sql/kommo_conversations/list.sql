-- GET /api/conversations: newest activity first (id breaks ties, so pages do not overlap); a null
-- filter matches every row, but conversations merged into another one only show when status=merged is asked
-- for. The 24-hour window is measured by the database clock. search (the console's box: a LIKE pattern, %...%,
-- its own % and _ escaped) matches name, phone, BSUID or username; escalatedFirst puts escalated ones first.
-- lastMessage: the newest message, its text cut at 200 characters (idx_messages_conversation_seq).
SELECT id, provider, phone, user_id AS "userId", username, parent_user_id AS "parentUserId",
       contact_name AS "contactName", kommo_chat_id AS "kommoChatId", status, merged_into AS "mergedInto",
       opted_out_at IS NOT NULL AS "optedOut", opted_out_at AS "optedOutAt",
       last_message_at AS "lastMessageAt", last_user_message_at AS "lastUserMessageAt",
       created_at AS "createdAt", updated_at AS "updatedAt", metadata,
       whatsapp_window_applies(provider) AS "windowApplies",
       whatsapp_window_open(last_user_message_at) AS "withinWindow",
       whatsapp_window_closes_at(last_user_message_at) AS "windowClosesAt",
       (SELECT jsonb_build_object('role', m.role, 'author', m.metadata ->> 'author', 'type', m.message_type,
                                  'content', left(m.content, 200), 'deliveryStatus', m.delivery_status,
                                  'createdAt', to_char(m.created_at AT TIME ZONE 'UTC',
                                                       'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          FROM kommo_messages m
         WHERE m.conversation_id = kommo_conversations.id
         ORDER BY m.seq DESC
         LIMIT 1) AS "lastMessage"
  FROM kommo_conversations
 WHERE (CAST(:#provider AS text) IS NULL OR provider = CAST(:#provider AS text))
   AND (CASE WHEN CAST(:#status AS text) IS NULL THEN status <> 'merged' ELSE status = CAST(:#status AS text) END)
   AND (CAST(:#phone AS text) IS NULL OR phone = CAST(:#phone AS text))
   AND (CAST(:#userId AS text) IS NULL OR user_id = CAST(:#userId AS text))
   AND (CAST(:#search AS text) IS NULL OR contact_name ILIKE CAST(:#search AS text)
        OR phone LIKE CAST(:#search AS text) OR user_id ILIKE CAST(:#search AS text)
        OR username ILIKE CAST(:#search AS text))
 ORDER BY CASE WHEN CAST(:#escalatedFirst AS boolean) AND status = 'escalated' THEN 0 ELSE 1 END,
          last_message_at DESC, id DESC
 LIMIT :#limit OFFSET :#offset
