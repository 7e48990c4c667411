-- One race-safe statement on idx_meta_conversation_phone (see find-or-create-twilio.sql).
INSERT INTO kommo_conversations (provider, phone, contact_name, status, kommo_chat_id)
VALUES ('meta', :#phone, :#contactName, 'active', NULL)
ON CONFLICT (phone) WHERE provider = 'meta'
DO UPDATE SET contact_name    = COALESCE(EXCLUDED.contact_name, kommo_conversations.contact_name),
              -- a user writing to a closed conversation opens it again
              status          = CASE kommo_conversations.status WHEN 'closed' THEN 'active'
                                     ELSE kommo_conversations.status END,
              last_message_at = now(),
              updated_at      = now()
RETURNING id
