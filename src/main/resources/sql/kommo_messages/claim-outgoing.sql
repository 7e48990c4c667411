-- Claims the oldest sendable message for a lease, committed before the provider is called. A message waits
-- while an older one of the same conversation is still pending (in flight, or waiting for its next attempt),
-- so one conversation's messages go out in order and never in parallel; a failed one blocks nothing.
-- A claim whose lease ran out is never taken again: its send was interrupted (fail-interrupted-sends.sql).
-- moreDue: another pending message was due as well (maybe only after this one, in its conversation), so the
-- worker claims again once this one is sent and brings in another one meanwhile; when none was, it stops.
UPDATE kommo_messages m
   SET locked_until  = now() + make_interval(secs => :#leaseSeconds),
       locked_by     = :#workerId,
       send_attempts = m.send_attempts + 1
  FROM kommo_conversations c
 WHERE m.id = (SELECT o.id
                 FROM kommo_messages o
                WHERE o.delivery_status = 'pending'
                  AND o.next_attempt_at <= now()
                  AND o.locked_until IS NULL
                  AND NOT EXISTS (SELECT 1
                                    FROM kommo_messages earlier
                                   WHERE earlier.conversation_id = o.conversation_id
                                     AND earlier.delivery_status = 'pending'
                                     AND earlier.seq < o.seq)
                ORDER BY o.seq
                LIMIT 1
                  FOR UPDATE SKIP LOCKED)
   AND c.id = m.conversation_id
RETURNING m.id AS "messageId", m.conversation_id AS "conversationId", m.provider, m.content,
          m.send_attempts AS "sendAttempts", c.phone, c.user_id AS "userId",
          c.kommo_chat_id AS "kommoChatId",
          c.contact_name AS "contactName", c.opted_out_at IS NOT NULL AS "optedOut",
          -- an invitation of the reengage mode (record-queued.sql): its template variable
          CASE WHEN m.metadata -> 'reengagement' IS NOT NULL THEN m.metadata -> 'template' -> 'variables' ->> '1' END
              AS "invitation",
          -- its media (metadata.media, insert-outbound.sql), a stored item resolved now: its file, while stored
          m.metadata -> 'media' ->> 'mediaId' AS "mediaId", m.metadata -> 'media' ->> 'url' AS "mediaUrl",
          m.metadata -> 'media' ->> 'contentType' AS "mediaContentType",
          m.metadata -> 'media' ->> 'filename' AS "mediaFilename", m.metadata -> 'media' ->> 'caption' AS "mediaCaption",
          (SELECT md.sha256 FROM media md
            WHERE md.id = CAST(m.metadata -> 'media' ->> 'mediaId' AS uuid) AND md.status = 'stored') AS "mediaSha256",
          (SELECT md.size_bytes FROM media md
            WHERE md.id = CAST(m.metadata -> 'media' ->> 'mediaId' AS uuid) AND md.status = 'stored') AS "mediaSize",
          -- the logs' correlation id: the user message this one answers, else the message itself
          COALESCE(m.metadata ->> 'inReplyTo', m.id::text) AS "correlationId",
          -- free-form text is allowed only inside the 24-hour window, and not at all once the provider
          -- refused this message because the window had closed
          whatsapp_window_applies(m.provider)
              AND (NOT whatsapp_window_open(c.last_user_message_at) OR m.metadata -> 'windowRefused' IS NOT NULL)
              AS "windowClosed",
          EXISTS (SELECT 1
                    FROM kommo_messages other
                   WHERE other.delivery_status = 'pending'
                     AND other.next_attempt_at <= now()
                     AND other.locked_until IS NULL
                     AND other.id <> m.id) AS "moreDue"
