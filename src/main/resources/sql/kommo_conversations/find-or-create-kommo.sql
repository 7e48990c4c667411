-- One race-safe statement on idx_kommo_conversation_chat_id: a Kommo conversation is its chat.
INSERT INTO kommo_conversations (provider, phone, contact_name, status, kommo_chat_id)
VALUES ('kommo', :#phone, :#contactName, 'active', :#kommoChatId)
ON CONFLICT (kommo_chat_id) WHERE provider = 'kommo'
DO UPDATE SET contact_name    = COALESCE(EXCLUDED.contact_name, kommo_conversations.contact_name),
              phone           = COALESCE(EXCLUDED.phone, kommo_conversations.phone),
              last_message_at = now(),
              updated_at      = now()
RETURNING id
