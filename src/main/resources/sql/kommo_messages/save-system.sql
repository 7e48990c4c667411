-- A system message of the provider about the user (e.g. a phone-number change), stored once: idempotent on the
-- provider's message id. Not the user's words: it neither asks for a reply, nor opens the 24-hour window (V2's
-- trigger counts role 'user' only), nor releases queued messages.
INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content, message_type, metadata)
VALUES (:#conversationId, :#provider, :#providerMessageId, 'system', :#text, 'text', CAST(:#metadata AS jsonb))
ON CONFLICT (provider, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
RETURNING id AS "messageId"
