-- The last historyLimit messages the user saw or wrote, oldest first. A reply comes right after the newest
-- user message it answered (metadata.inReplyTo), also when the user wrote more while it was being
-- generated: those later messages follow it, as they do for the user.
-- media: the message's attachments as a JSON array (NULL for none), each with its state; awaited: still being
-- downloaded, for less than mediaWaitMs, so the reply waits for it. originalContent: the text before a
-- transcript replaced it (media/record-transcript.sql).
SELECT recent.id, recent.role, recent.content,
       COALESCE(recent.metadata ->> 'contentBeforeTranscript', recent.content) AS "originalContent",
       -- only a message that carried media has any (the normalizers type it image or file): text costs no probe
       CASE WHEN recent.message_type IN ('image', 'file') THEN
       (SELECT CAST(jsonb_agg(jsonb_build_object(
                   'id', md.id, 'messageId', md.message_id, 'contentType', md.content_type,
                   'filename', md.filename, 'status', md.status, 'sha256', md.sha256, 'size', md.size_bytes,
                   'transcript', md.transcript, 'transcriptError', md.transcript_error,
                   'voice', COALESCE(recent.metadata ->> 'voice', '') = 'true',
                   'imageMessage', recent.message_type = 'image',
                   'awaited', md.status = 'pending'
                              AND md.created_at > now() - make_interval(secs => :#mediaWaitMs / 1000.0))
                   ORDER BY md.position) AS text)
          FROM media md
         WHERE md.message_id = recent.id) END AS media
  FROM (SELECT m.id, m.role, m.content, m.metadata, m.message_type, m.seq,
               COALESCE((SELECT answered.seq
                           FROM kommo_messages answered
                          WHERE answered.provider = m.provider
                            AND answered.provider_message_id = m.metadata ->> 'inReplyTo'
                            AND answered.conversation_id = m.conversation_id
                            AND answered.role = 'user'), m.seq) AS position
          FROM kommo_messages m
         WHERE m.conversation_id = :#conversationId
           AND m.role IN ('user', 'assistant')
           -- the template inviting the user back is not part of what was said
           AND m.metadata -> 'reengagement' IS NULL
           AND (m.delivery_status IS NULL OR m.delivery_status NOT IN ('failed', 'expired', 'queued'))
         ORDER BY m.seq DESC
         LIMIT :#historyLimit) recent
 ORDER BY recent.position, recent.seq
