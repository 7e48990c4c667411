-- POST /api/failures/{id}/retry: an operator sends a failed outgoing message again, on purpose. It goes back
-- through the normal send path: 'pending' now, a whole budget of attempts, the error cleared (kept in
-- metadata.lastFailure), metadata.operatorRetries counted, and the window decided anew when it is claimed
-- (an earlier window refusal or template choice is forgotten). The conversation is locked against a
-- concurrent close. No row: no such outgoing message. A row with retried false: it is not failed, or its
-- conversation is closed; nothing changed.
WITH target AS (
    SELECT m.id, m.conversation_id, m.provider, m.delivery_status, c.status AS conversation_status
      FROM kommo_messages m
      JOIN kommo_conversations c ON c.id = m.conversation_id
     WHERE m.id = :#messageId
       AND m.role = 'assistant'
       FOR UPDATE OF m
       FOR SHARE OF c
), retried AS (
    UPDATE kommo_messages m
       SET delivery_status     = 'pending',
           next_attempt_at     = now(),
           send_attempts       = 0,
           locked_until        = NULL,
           locked_by           = NULL,
           metadata            = (m.metadata - 'windowRefused' - 'template')
                                 || jsonb_build_object(
                                        'operatorRetries', COALESCE(CAST(m.metadata ->> 'operatorRetries' AS integer), 0) + 1,
                                        'lastFailure', jsonb_build_object('code', m.delivery_error_code,
                                                                          'error', m.delivery_error,
                                                                          'failedAt', m.delivery_updated_at,
                                                                          'attempts', m.send_attempts)),
           delivery_error_code = NULL,
           delivery_error      = NULL,
           delivery_updated_at = now()
      FROM target t
     WHERE m.id = t.id
       AND t.delivery_status = 'failed'
       AND t.conversation_status <> 'closed'
    RETURNING m.id, m.metadata
)
SELECT t.id AS "messageId", t.conversation_id AS "conversationId", t.provider,
       t.delivery_status AS "previousStatus", t.conversation_status AS "conversationStatus",
       r.id IS NOT NULL AS "retried",
       CAST(r.metadata ->> 'operatorRetries' AS integer) AS "operatorRetries"
  FROM target t
  LEFT JOIN retried r ON r.id = t.id
