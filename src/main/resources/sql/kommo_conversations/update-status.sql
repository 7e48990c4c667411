-- PATCH /api/conversations/{id}: a person takes the conversation over ('escalated'), hands it back to
-- the AI ('active') or closes it ('closed'). Asking for the status it already has changes nothing.
-- No row: no such conversation.
UPDATE kommo_conversations
   SET status     = CAST(:#status AS text),
       updated_at = CASE WHEN status = CAST(:#status AS text) THEN updated_at ELSE now() END
 WHERE id = :#conversationId
RETURNING id
