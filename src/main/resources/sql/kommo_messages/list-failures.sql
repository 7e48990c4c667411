-- GET /api/failures: outgoing messages that finally failed (refused, out of attempts, interrupted, or
-- reported failed by the provider), newest failure first; a null provider matches every row.
SELECT m.id AS "messageId", m.conversation_id AS "conversationId", m.provider, c.phone, c.user_id AS "userId",
       c.kommo_chat_id AS "kommoChatId", m.delivery_error_code AS "errorCode", m.delivery_error AS "reason",
       m.send_attempts AS "attempts", m.delivery_updated_at AS "failedAt", m.content,
       m.created_at AS "createdAt", m.metadata ->> 'author' AS "author",
       COALESCE(CAST(m.metadata ->> 'operatorRetries' AS integer), 0) AS "operatorRetries"
  FROM kommo_messages m
  JOIN kommo_conversations c ON c.id = m.conversation_id
 WHERE m.delivery_status = 'failed'
   AND m.role = 'assistant'
   AND (CAST(:#provider AS text) IS NULL OR m.provider = CAST(:#provider AS text))
 ORDER BY m.delivery_updated_at DESC, m.seq DESC
 LIMIT :#limit OFFSET :#offset
