-- The original Kommo-only schema: every conversation is a Kommo chat, identified by its chat id.

CREATE TABLE kommo_conversations (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    kommo_chat_id   text        NOT NULL,
    phone           text,
    contact_name    text,
    status          text        NOT NULL DEFAULT 'active'
                                CONSTRAINT check_conversation_status CHECK (status IN ('active', 'escalated', 'closed')),
    last_message_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE kommo_messages (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id uuid        NOT NULL REFERENCES kommo_conversations (id) ON DELETE CASCADE,
    role            text        NOT NULL
                                CONSTRAINT check_message_role CHECK (role IN ('user', 'assistant', 'system')),
    content         text        NOT NULL,
    message_type    text        NOT NULL DEFAULT 'text'
                                CONSTRAINT check_message_type CHECK (message_type IN ('text', 'image', 'file', 'location')),
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_messages_conversation ON kommo_messages (conversation_id, created_at);
