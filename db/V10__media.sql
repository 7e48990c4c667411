-- Media files: what users send (downloaded after the webhook has been answered, as durable work with a lease and
-- a backoff like the reply jobs) and what agents upload to send. The bytes live in the media store (MEDIA_DIR, or
-- an S3 bucket) under their SHA-256, so a file that arrives twice is kept once; a row is one appearance of it.
CREATE TABLE media (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    -- the user message that carried it; null for an upload
    message_id      uuid        REFERENCES kommo_messages (id) ON DELETE CASCADE,
    -- its place among the message's attachments (Twilio sends up to ten)
    position        integer     NOT NULL DEFAULT 0,
    -- where the bytes come from: the provider that holds them (twilio, meta, kommo), or an upload
    origin          text        NOT NULL,
    -- the provider's reference: Twilio's MediaUrl, Kommo's file link, Meta's media id (and url when sent)
    source_url      text,
    source_id       text,
    -- the checksum the provider announced (Meta's sha256, base64 or hex), checked after the download
    source_sha256   text,
    content_type    text,
    filename        text,
    caption         text,
    -- pending (not downloaded yet), stored, failed (failure_reason says why), too_large (over MEDIA_MAX_BYTES)
    status          text        NOT NULL DEFAULT 'pending',
    failure_reason  text,
    -- the content address in the media store, once stored
    sha256          text,
    size_bytes      bigint,
    -- what a voice note says (AI_TRANSCRIPTION_MODEL); transcript_error when that failed
    transcript       text,
    transcript_error text,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    locked_by       text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    CONSTRAINT check_media_origin CHECK (origin IN ('twilio', 'meta', 'kommo', 'upload')),
    CONSTRAINT check_media_status CHECK (status IN ('pending', 'stored', 'failed', 'too_large')),
    CONSTRAINT check_media_stored_has_file CHECK (status <> 'stored' OR (sha256 IS NOT NULL AND size_bytes IS NOT NULL)),
    CONSTRAINT check_media_upload_stored CHECK (origin <> 'upload' OR status = 'stored')
);

-- a redelivered webhook stores its message once, and so its media
CREATE UNIQUE INDEX idx_media_message_position ON media (message_id, position) WHERE message_id IS NOT NULL;
-- what the download workers claim
CREATE INDEX idx_media_pending ON media (next_attempt_at) WHERE status = 'pending';
