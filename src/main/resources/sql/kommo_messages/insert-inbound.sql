-- Idempotent on the provider's message id: a redelivered webhook inserts nothing and returns no row.
INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content, message_type, metadata)
VALUES (:#conversationId, :#provider, :#providerMessageId, 'user', :#text, :#messageType, CAST(:#metadata AS jsonb))
ON CONFLICT (provider, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
RETURNING id
