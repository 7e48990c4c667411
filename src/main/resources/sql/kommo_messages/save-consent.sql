-- A user message that is exactly an opt-out (STOP...) or opt-in (START) keyword (conversation/ConsentKeywords), in
-- one statement after find-or-create of its conversation, stored once like any user message (a redelivery changes
-- nothing and gets messageId NULL):
-- * consent 'opt_out' marks the conversation opted out (V8's opted_out_at): no template and no proactive message
--   reaches the user from now on; queued messages stay queued (they were proactive) and expire;
-- * consent 'opt_in' lifts it and, as any message of the user, releases the queued messages, oldest first;
-- * a change is confirmed once, as text (the user just wrote: the window is open), and the keyword gets no AI
--   reply; a START from a user who had not opted out is an ordinary message and is answered (a reply job).
-- released: messages due now (the confirmation, the released ones), so the send workers are nudged.
WITH inserted AS (
    INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content, message_type, metadata)
    VALUES (:#conversationId, :#provider, :#providerMessageId, 'user', :#text, :#messageType,
            CAST(:#metadata AS jsonb) || jsonb_build_object('consent', CAST(:#consent AS text)))
    ON CONFLICT (provider, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
    RETURNING id, conversation_id
), previous AS (
    SELECT c.id, c.opted_out_at IS NOT NULL AS was_opted_out,
           (CAST(:#consent AS text) = 'opt_out') <> (c.opted_out_at IS NOT NULL) AS changes
      FROM kommo_conversations c
      JOIN inserted ON inserted.conversation_id = c.id
       FOR UPDATE OF c
), changed AS (
    UPDATE kommo_conversations c
       SET opted_out_at = CASE WHEN CAST(:#consent AS text) = 'opt_out' THEN COALESCE(c.opted_out_at, now()) END,
           updated_at   = now()
      FROM previous
     WHERE c.id = previous.id
       AND previous.changes
), confirmed AS (
    INSERT INTO kommo_messages (conversation_id, provider, role, content, message_type, metadata, delivery_status,
                                delivery_updated_at, next_attempt_at)
    SELECT id, :#provider, 'assistant', :#confirmation, 'text',
           jsonb_build_object('author', 'system', 'consent', CAST(:#consent AS text),
                              'inReplyTo', CAST(:#providerMessageId AS text)),
           'pending', now(), now()
      FROM previous
     WHERE changes
    RETURNING id
), released AS (
    UPDATE kommo_messages queued
       SET delivery_status = 'pending', next_attempt_at = now(), delivery_updated_at = now(), send_attempts = 0
      FROM previous
     WHERE CAST(:#consent AS text) = 'opt_in'
       AND queued.conversation_id = previous.id
       AND queued.delivery_status = 'queued'
    RETURNING queued.id
), requested AS (
    INSERT INTO reply_jobs (conversation_id, burst_started_at, due_at)
    SELECT id, now(), now()
      FROM previous
     WHERE CAST(:#consent AS text) = 'opt_in'
       AND NOT was_opted_out
    ON CONFLICT (conversation_id) DO UPDATE SET requested_at = clock_timestamp(), due_at = LEAST(reply_jobs.due_at, now())
)
SELECT (SELECT id FROM inserted)                                           AS "messageId",
       (SELECT count(*) FROM confirmed) + (SELECT count(*) FROM released) AS released
