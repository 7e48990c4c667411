-- Reply work that waits for bursts, survives slow models but not dead workers, and gives up on what
-- keeps failing (issue 5). Independent of V5 (the send side).

-- burst_started_at: the first message of the burst the job waits for; the debounce never delays a reply
-- further than a fixed multiple of REPLY_DEBOUNCE_MS past it. NULL while no message waits since the claim.
-- claim_token: a new value at every claim. The transactions that store a reply (or escalate) first check,
-- with the row locked, that the job still carries the token they claimed it with; a worker whose lease ran
-- out and was claimed again meanwhile stores nothing.
ALTER TABLE reply_jobs
    ADD COLUMN burst_started_at timestamptz,
    ADD COLUMN claim_token      uuid;

UPDATE reply_jobs SET burst_started_at = requested_at WHERE locked_by IS NULL;

-- Jobs that failed RETRY_MAX_ATTEMPTS times for another reason than the model (bad data, SQL errors), or
-- whose workers died that often: kept here for an operator, never claimed again. Their conversation is
-- escalated in the same transaction, so a person sees it.
CREATE TABLE reply_dead_letters (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id uuid        NOT NULL REFERENCES kommo_conversations (id) ON DELETE CASCADE,
    requested_at    timestamptz NOT NULL,
    attempts        integer     NOT NULL,
    last_error      text        NOT NULL,
    dead_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_reply_dead_letters_conversation ON reply_dead_letters (conversation_id);
