-- The job is done: deleted, unless the user wrote again since it was claimed (requested_at moved on);
-- then it stays, released, so the newer messages get their reply.
WITH done AS (
    DELETE FROM reply_jobs
     WHERE conversation_id = :#conversationId
       AND requested_at = :#requestedAt
 RETURNING conversation_id)
UPDATE reply_jobs
   SET locked_until = NULL, locked_by = NULL, attempts = 0
 WHERE conversation_id = :#conversationId
   AND NOT EXISTS (SELECT 1 FROM done)
