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

-- A merge (V7) carries both over to the survivor: an opt-out of either stands (the earlier one; LEAST and GREATEST
-- skip NULLs), an invitation of either counts for the closed window.
CREATE OR REPLACE FUNCTION merge_whatsapp_conversation_state(p_survivor uuid, p_merged uuid) RETURNS void
    LANGUAGE sql AS
$$
UPDATE kommo_conversations s
   SET opted_out_at = LEAST(s.opted_out_at, m.opted_out_at),
       reengaged_at = GREATEST(s.reengaged_at, m.reengaged_at)
  FROM kommo_conversations m
 WHERE s.id = p_survivor
   AND m.id = p_merged
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
