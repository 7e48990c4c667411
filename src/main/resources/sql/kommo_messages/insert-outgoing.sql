-- An outgoing message waits as 'pending' until a send worker claims it.
INSERT INTO kommo_messages (conversation_id, provider, role, content, message_type, metadata,
                            delivery_status, delivery_updated_at, next_attempt_at)
VALUES (:#conversationId, :#provider, 'assistant', :#content, 'text', CAST(:#metadata AS jsonb),
        'pending', now(), now())
RETURNING id
