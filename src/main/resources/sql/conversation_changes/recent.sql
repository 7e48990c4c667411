-- The changes recorded in the last overlapSeconds, oldest first. A change is recorded when its transaction writes
-- it and seen when that commits, so each poll looks back further than its own interval; the caller skips the ids
-- it has seen.
SELECT id, CAST(conversation_id AS text) AS "conversationId"
  FROM conversation_changes
 WHERE changed_at > now() - make_interval(secs => :#overlapSeconds)
 ORDER BY id
