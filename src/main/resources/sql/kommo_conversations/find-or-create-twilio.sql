-- One race-safe statement on idx_twilio_conversation_phone: the first message creates the conversation,
-- concurrent first messages wait on the index and get the same row.
INSERT INTO kommo_conversations (provider, phone, contact_name, status, kommo_chat_id)
VALUES ('twilio', :#phone, :#contactName, 'active', NULL)
ON CONFLICT (phone) WHERE provider = 'twilio'
DO UPDATE SET contact_name    = COALESCE(EXCLUDED.contact_name, kommo_conversations.contact_name),
              -- a user writing to a closed conversation opens it again
              status          = CASE kommo_conversations.status WHEN 'closed' THEN 'active'
                                     ELSE kommo_conversations.status END,
              last_message_at = now(),
              updated_at      = now()
RETURNING id
