-- Talking to users the way WhatsApp requires (issue 13).
--
-- reengaged_at: when the fallback template last invited the user back (WINDOW_FALLBACK=reengage). Outside the
-- 24-hour window the wanted messages wait as 'queued' and one invitation goes out per closed window: another one
-- only after the user wrote again (last_user_message_at moved past it).
-- opted_out_at: the user asked for no templates and no proactive messages (a STOP keyword, or Meta's
-- user_preferences "stop"); NULL when not opted out. Replies to what the user writes later are still allowed.
ALTER TABLE kommo_conversations
    ADD COLUMN reengaged_at timestamptz,
    ADD COLUMN opted_out_at timestamptz;

-- V7's merge, now also carrying the opt-out and the last invitation (V7 stays as it was applied).
-- Two conversations of one person become one: the older survives and gets the other's messages, aliases, reply
-- work and identifiers (as aliases, or as its own where it has none); the other is marked 'merged'. Returns the
-- survivor. Both rows are locked in id order, so concurrent merges of the same pair cannot deadlock.
CREATE OR REPLACE FUNCTION merge_whatsapp_conversations(p_one uuid, p_other uuid) RETURNS uuid
    LANGUAGE plpgsql AS
$$
DECLARE
    survivor kommo_conversations%ROWTYPE;
    merged   kommo_conversations%ROWTYPE;
BEGIN
    PERFORM 1 FROM kommo_conversations WHERE id IN (p_one, p_other) ORDER BY id FOR UPDATE;
    SELECT * INTO survivor FROM kommo_conversations WHERE id IN (p_one, p_other)
     ORDER BY created_at, id LIMIT 1;
    SELECT * INTO merged FROM kommo_conversations WHERE id IN (p_one, p_other) AND id <> survivor.id;

    UPDATE kommo_conversations
       SET status = 'merged', merged_into = survivor.id, phone = NULL, user_id = NULL, updated_at = now()
     WHERE id = merged.id;

    INSERT INTO kommo_conversation_aliases (provider, kind, value, conversation_id)
    SELECT merged.provider, identifier.kind, identifier.value, survivor.id
      FROM (VALUES ('phone', merged.phone), ('user_id', merged.user_id)) AS identifier (kind, value)
     WHERE identifier.value <> CASE identifier.kind WHEN 'phone' THEN survivor.phone ELSE survivor.user_id END
    ON CONFLICT (provider, kind, value) DO UPDATE SET conversation_id = EXCLUDED.conversation_id;
    UPDATE kommo_conversation_aliases SET conversation_id = survivor.id WHERE conversation_id = merged.id;

    UPDATE kommo_messages SET conversation_id = survivor.id WHERE conversation_id = merged.id;
    UPDATE reply_dead_letters SET conversation_id = survivor.id WHERE conversation_id = merged.id;
    -- unanswered messages of the merged conversation are answered in the survivor (a worker holding the merged
    -- one's job loses its claim: its fence finds no job, it stores nothing)
    WITH dropped AS (DELETE FROM reply_jobs WHERE conversation_id = merged.id RETURNING conversation_id)
    INSERT INTO reply_jobs (conversation_id, burst_started_at, due_at)
    SELECT survivor.id, now(), now() FROM dropped
    ON CONFLICT (conversation_id) DO NOTHING;

    UPDATE kommo_conversations s
       SET phone                = COALESCE(s.phone, merged.phone),
           user_id              = COALESCE(s.user_id, merged.user_id),
           username             = COALESCE(s.username, merged.username),
           parent_user_id       = COALESCE(s.parent_user_id, merged.parent_user_id),
           contact_name         = COALESCE(s.contact_name, merged.contact_name),
           -- a person who took either over keeps it; a closed one opens when the other is open
           status               = CASE WHEN merged.status = 'escalated' OR s.status = 'escalated' THEN 'escalated'
                                       WHEN s.status = 'closed' THEN merged.status
                                       ELSE s.status END,
           last_message_at      = GREATEST(s.last_message_at, merged.last_message_at),
           last_user_message_at = GREATEST(s.last_user_message_at, merged.last_user_message_at),
           -- an opt-out of either stands; an invitation of either counts for the closed window
           opted_out_at         = CASE WHEN s.opted_out_at IS NULL THEN merged.opted_out_at
                                       WHEN merged.opted_out_at IS NULL THEN s.opted_out_at
                                       ELSE LEAST(s.opted_out_at, merged.opted_out_at) END,
           reengaged_at         = GREATEST(s.reengaged_at, merged.reengaged_at),
           metadata             = merged.metadata || s.metadata
                                  || jsonb_build_object('mergedFrom', COALESCE(s.metadata -> 'mergedFrom', '[]')
                                                                      || to_jsonb(merged.id::text)),
           updated_at           = now()
     WHERE s.id = survivor.id;
    RETURN survivor.id;
END;
$$;

-- Whether the conversation's closed window still needs its invitation, in one place.
CREATE FUNCTION whatsapp_reengagement_due(reengaged_at timestamptz, last_user_message_at timestamptz)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE AS
$$ SELECT reengaged_at IS NULL OR reengaged_at < COALESCE(last_user_message_at, '-infinity') $$;

-- The provider view's companion: how many people opted out, per provider (a merged conversation is part of its
-- survivor).
CREATE VIEW opted_out_conversations_by_provider AS
SELECT p.provider,
       count(c.id) AS opted_out
  FROM (VALUES ('kommo'), ('twilio'), ('meta')) AS p (provider)
  LEFT JOIN kommo_conversations c
         ON c.provider = p.provider AND c.status <> 'merged' AND c.opted_out_at IS NOT NULL
 GROUP BY p.provider
 ORDER BY CASE p.provider WHEN 'kommo' THEN 1 WHEN 'twilio' THEN 2 ELSE 3 END;
