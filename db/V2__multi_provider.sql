-- The multi-provider migration of the integration guide: Twilio and Meta WhatsApp beside Kommo.
-- Existing Kommo rows keep working unchanged: provider defaults to 'kommo' and they keep their chat id.

-- Conversations -------------------------------------------------------------------------------
ALTER TABLE kommo_conversations
    ADD COLUMN provider             text NOT NULL DEFAULT 'kommo',
    ADD COLUMN last_user_message_at timestamptz;

ALTER TABLE kommo_conversations ALTER COLUMN kommo_chat_id DROP NOT NULL;

ALTER TABLE kommo_conversations
    ADD CONSTRAINT check_valid_provider CHECK (provider IN ('kommo', 'twilio', 'meta')),
    ADD CONSTRAINT check_kommo_requires_chat_id CHECK (provider <> 'kommo' OR kommo_chat_id IS NOT NULL);

-- One conversation per WhatsApp number and provider, one per Kommo chat.
CREATE UNIQUE INDEX idx_twilio_conversation_phone ON kommo_conversations (phone) WHERE provider = 'twilio';
CREATE UNIQUE INDEX idx_meta_conversation_phone   ON kommo_conversations (phone) WHERE provider = 'meta';
CREATE UNIQUE INDEX idx_kommo_conversation_chat_id ON kommo_conversations (kommo_chat_id) WHERE provider = 'kommo';

CREATE INDEX idx_conversations_provider_phone  ON kommo_conversations (provider, phone);
CREATE INDEX idx_conversations_provider_status ON kommo_conversations (provider, status);
CREATE INDEX idx_conversations_provider        ON kommo_conversations (provider);

-- Messages ------------------------------------------------------------------------------------
ALTER TABLE kommo_messages
    ADD COLUMN provider            text NOT NULL DEFAULT 'kommo',
    -- the provider's own id (Twilio MessageSid, Meta wamid, Kommo message id): makes redelivery harmless
    ADD COLUMN provider_message_id text,
    -- outgoing messages only: pending -> accepted -> sent -> delivered -> read; failed, expired, dry_run final;
    -- queued = held until the 24-hour window reopens
    ADD COLUMN delivery_status     text,
    ADD COLUMN delivery_error_code text,
    ADD COLUMN delivery_error      text,
    ADD COLUMN delivery_updated_at timestamptz;

ALTER TABLE kommo_messages
    ADD CONSTRAINT check_valid_provider CHECK (provider IN ('kommo', 'twilio', 'meta')),
    ADD CONSTRAINT check_delivery_status CHECK (delivery_status IN
        ('pending', 'accepted', 'sent', 'delivered', 'read', 'failed', 'expired', 'dry_run', 'queued'));

CREATE UNIQUE INDEX idx_messages_provider_message_id
    ON kommo_messages (provider, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX idx_messages_provider ON kommo_messages (provider);

-- The 24-hour window: last_user_message_at follows every user message ------------------------------
CREATE FUNCTION update_last_user_message_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    UPDATE kommo_conversations
       SET last_user_message_at = GREATEST(last_user_message_at, NEW.created_at),
           updated_at = now()
     WHERE id = NEW.conversation_id;
    RETURN NEW;
END;
$$;

CREATE TRIGGER trg_update_last_user_message_at
    AFTER INSERT ON kommo_messages
    FOR EACH ROW
    WHEN (NEW.role = 'user')
    EXECUTE FUNCTION update_last_user_message_at();

-- Conversations that existed before this migration get their window from their history.
UPDATE kommo_conversations c
   SET last_user_message_at = m.last_at
  FROM (SELECT conversation_id, max(created_at) AS last_at
          FROM kommo_messages
         WHERE role = 'user'
         GROUP BY conversation_id) m
 WHERE m.conversation_id = c.id;

-- Provider statistics: one row per provider, zeros included -------------------------------------
CREATE VIEW active_conversations_by_provider AS
SELECT p.provider,
       count(c.id)                                                              AS total,
       count(c.id) FILTER (WHERE c.status = 'active')                           AS active,
       count(c.id) FILTER (WHERE c.status = 'escalated')                        AS escalated,
       count(c.id) FILTER (WHERE c.last_user_message_at > now() - interval '24 hours') AS within_24h
  FROM (VALUES ('kommo'), ('twilio'), ('meta')) AS p (provider)
  LEFT JOIN kommo_conversations c ON c.provider = p.provider
 GROUP BY p.provider
 ORDER BY CASE p.provider WHEN 'kommo' THEN 1 WHEN 'twilio' THEN 2 ELSE 3 END;
