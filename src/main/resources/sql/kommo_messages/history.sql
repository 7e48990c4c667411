-- The last historyLimit messages the user saw or wrote, oldest first. A reply comes right after the newest
-- user message it answered (metadata.inReplyTo), also when the user wrote more while it was being
-- generated: those later messages follow it, as they do for the user.
SELECT role, content
  FROM (SELECT m.role, m.content, m.seq,
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
 ORDER BY position, seq
