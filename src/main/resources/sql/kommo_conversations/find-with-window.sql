-- GET /api/conversations/{id}: the whole row and its 24-hour window, measured by the database clock, and its
-- newest message (as in list.sql).
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
 WHERE id = :#conversationId
