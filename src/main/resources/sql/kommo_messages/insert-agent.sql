-- A person of the team wrote in Kommo: stored as the assistant side of the conversation, marked as the
-- human agent's, already sent (Kommo delivered it; the send worker only claims 'pending').
-- Idempotent on Kommo's message id, which is also how the echo of the gateway's own replies is
-- recognised: their Kommo msgid is their provider_message_id, so nothing is inserted and no row returned.
INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content, message_type, metadata,
                            delivery_status, delivery_updated_at)
VALUES (:#conversationId, :#provider, :#providerMessageId, 'assistant', :#text, :#messageType,
        CAST(:#metadata AS jsonb) || jsonb_build_object('author', 'agent'),
        'sent', now())
ON CONFLICT (provider, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
RETURNING id
