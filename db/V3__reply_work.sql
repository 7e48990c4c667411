-- The gateway's own durable work: what still has to be answered and what still has to be sent.
-- The webhook commits the user message together with its reply job, then answers; workers on any
-- instance claim the work with FOR UPDATE SKIP LOCKED and a lease, so a crash loses nothing.

-- A total order of messages (created_at is the transaction time and ties inside one transaction).
ALTER TABLE kommo_messages ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX idx_messages_conversation_seq ON kommo_messages (conversation_id, seq);

-- Outgoing messages are their own send queue.
ALTER TABLE kommo_messages
    ADD COLUMN send_attempts  integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN locked_until   timestamptz;

CREATE INDEX idx_messages_pending_send ON kommo_messages (seq) WHERE delivery_status = 'pending';

-- One reply job per conversation that has unanswered user messages.
CREATE TABLE reply_jobs (
    conversation_id uuid        PRIMARY KEY REFERENCES kommo_conversations (id) ON DELETE CASCADE,
    requested_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    due_at          timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    locked_by       text,
    last_error      text
);

CREATE INDEX idx_reply_jobs_due ON reply_jobs (due_at);
