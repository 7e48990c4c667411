-- Meta's user_preferences: the user stopped (or resumed) marketing messages in WhatsApp itself; the conversation
-- remembers it as a STOP (or START) keyword does (V8's opted_out_at), without a confirmation (WhatsApp shows one).
UPDATE kommo_conversations
   SET opted_out_at = CASE WHEN CAST(:#optedOut AS boolean) THEN COALESCE(opted_out_at, now()) END,
       updated_at   = now()
 WHERE id = :#conversationId
