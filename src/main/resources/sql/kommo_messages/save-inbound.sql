-- A user message in one statement, after find-or-create of its conversation:
-- * stored once: idempotent on the provider's message id, so a redelivered webhook stores nothing, releases
--   nothing, asks for nothing and gets messageId NULL;
-- * the user wrote, so the window is open: the conversation's queued messages go out, oldest first, before the
--   reply to the new message (the send worker sends a conversation's messages in seq order), each with the
--   whole budget of attempts (claims that only queued it spent none on the provider);
-- * a reply job is asked for: one per conversation, refreshed by every new message. Debounce: the job is due
--   debounceMs after the newest message, but never later than debounceMaxMs after the first message of the
--   burst, so a user who keeps writing is still answered. A job waiting for a retry after a failure
--   (last_error set) keeps its due time when that is later.
-- * its attachments become media rows to download (media/claim-download.sql), one per position; a redelivery
--   stores none again.
WITH inserted AS (
    INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content, message_type, metadata)
    VALUES (:#conversationId, :#provider, :#providerMessageId, 'user', :#text, :#messageType, CAST(:#metadata AS jsonb))
    ON CONFLICT (provider, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
    RETURNING id, conversation_id
), released AS (
    UPDATE kommo_messages queued
       SET delivery_status = 'pending', next_attempt_at = now(), delivery_updated_at = now(), send_attempts = 0
      FROM inserted
     WHERE queued.conversation_id = inserted.conversation_id
       AND queued.delivery_status = 'queued'
    RETURNING queued.id
), attached AS (
    INSERT INTO media (message_id, position, origin, source_url, source_id, source_sha256, content_type, filename,
                       caption)
    SELECT inserted.id, attachment.position - 1, :#provider, attachment.item ->> 'url', attachment.item ->> 'id',
           attachment.item ->> 'sha256', attachment.item ->> 'contentType', attachment.item ->> 'filename',
           attachment.item ->> 'caption'
      FROM inserted,
           jsonb_array_elements(CAST(:#media AS jsonb)) WITH ORDINALITY AS attachment (item, position)
    RETURNING id
), requested AS (
    INSERT INTO reply_jobs (conversation_id, burst_started_at, due_at)
    SELECT conversation_id, now(), now() + make_interval(secs => :#debounceMs / 1000.0)
      FROM inserted
    ON CONFLICT (conversation_id)
    DO UPDATE SET requested_at     = clock_timestamp(),
                  burst_started_at = COALESCE(reply_jobs.burst_started_at, now()),
                  due_at           = GREATEST(LEAST(now() + make_interval(secs => :#debounceMs / 1000.0),
                                                    COALESCE(reply_jobs.burst_started_at, now())
                                                        + make_interval(secs => :#debounceMaxMs / 1000.0)),
                                              CASE WHEN reply_jobs.last_error IS NOT NULL THEN reply_jobs.due_at END)
)
SELECT (SELECT id FROM inserted)       AS "messageId",
       (SELECT count(*) FROM released) AS released,
       (SELECT count(*) FROM attached) AS attached
