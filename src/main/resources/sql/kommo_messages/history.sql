-- The last historyLimit messages the user saw or wrote, oldest first.
SELECT role, content
  FROM (SELECT role, content, seq
          FROM kommo_messages
         WHERE conversation_id = :#conversationId
           AND role IN ('user', 'assistant')
           AND (delivery_status IS NULL OR delivery_status NOT IN ('failed', 'expired', 'queued'))
         ORDER BY seq DESC
         LIMIT :#historyLimit) recent
 ORDER BY seq
