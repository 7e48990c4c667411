-- The WhatsApp customer-service window, in one place. A business may send free-form messages only
-- within 24 hours of the user's last message (measured by this database's clock); outside it, only
-- approved templates. Twilio and Meta are gated by it; Kommo's own channels handle it themselves.

CREATE FUNCTION whatsapp_window_closes_at(last_user_message_at timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE AS
$$ SELECT last_user_message_at + interval '24 hours' $$;

CREATE FUNCTION whatsapp_window_open(last_user_message_at timestamptz) RETURNS boolean
    LANGUAGE sql STABLE AS
$$ SELECT COALESCE(whatsapp_window_closes_at(last_user_message_at) > now(), false) $$;

CREATE FUNCTION whatsapp_window_applies(provider text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS
$$ SELECT provider IN ('twilio', 'meta') $$;

-- The provider view counts within_24h with the same rule.
CREATE OR REPLACE VIEW active_conversations_by_provider AS
SELECT p.provider,
       count(c.id)                                                       AS total,
       count(c.id) FILTER (WHERE c.status = 'active')                    AS active,
       count(c.id) FILTER (WHERE c.status = 'escalated')                 AS escalated,
       count(c.id) FILTER (WHERE whatsapp_window_open(c.last_user_message_at)) AS within_24h
  FROM (VALUES ('kommo'), ('twilio'), ('meta')) AS p (provider)
  LEFT JOIN kommo_conversations c ON c.provider = p.provider
 GROUP BY p.provider
 ORDER BY CASE p.provider WHEN 'kommo' THEN 1 WHEN 'twilio' THEN 2 ELSE 3 END;
