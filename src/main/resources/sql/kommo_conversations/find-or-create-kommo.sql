-- One race-safe statement on idx_kommo_conversation_chat_id: a Kommo conversation is its chat.
-- The chat's Kommo context (talk, contact, lead, account, origin) is kept in the conversation's metadata,
-- refreshed by every message.
INSERT INTO kommo_conversations (provider, phone, contact_name, status, kommo_chat_id, metadata)
VALUES ('kommo', :#phone, :#contactName, 'active', :#kommoChatId,
        COALESCE((SELECT jsonb_object_agg(key, value)
                    FROM jsonb_each(CAST(:#metadata AS jsonb))
                   WHERE key IN ('talkId', 'contactId', 'entityId', 'entityType', 'origin',
                                 'accountId', 'accountSubdomain')), '{}'))
ON CONFLICT (kommo_chat_id) WHERE provider = 'kommo'
DO UPDATE SET contact_name    = COALESCE(EXCLUDED.contact_name, kommo_conversations.contact_name),
              phone           = COALESCE(EXCLUDED.phone, kommo_conversations.phone),
              metadata        = kommo_conversations.metadata || EXCLUDED.metadata,
              -- a user writing to a closed conversation opens it again
              status          = CASE kommo_conversations.status WHEN 'closed' THEN 'active'
                                     ELSE kommo_conversations.status END,
              last_message_at = now(),
              updated_at      = now()
RETURNING id
