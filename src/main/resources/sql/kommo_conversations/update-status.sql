-- PATCH /api/conversations/{id}: a person takes the conversation over ('escalated'), hands it back to
-- the AI ('active') or closes it ('closed'). Asking for the status it already has changes nothing.
-- No row: no such conversation; updated false: it was merged into mergedInto and changes no more.
WITH target AS (
    SELECT id, merged_into FROM kommo_conversations WHERE id = :#conversationId
), updated AS (
    UPDATE kommo_conversations c
       SET status     = CAST(:#status AS text),
           updated_at = CASE WHEN c.status = CAST(:#status AS text) THEN c.updated_at ELSE now() END
      FROM target
     WHERE c.id = target.id
       AND c.status <> 'merged'
    RETURNING c.id
)
SELECT target.id, target.merged_into AS "mergedInto", EXISTS (SELECT 1 FROM updated) AS updated
  FROM target
