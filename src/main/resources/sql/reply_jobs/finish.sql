-- The job is done: deleted, unless the user wrote again since it was claimed (requested_at moved on);
-- then it stays, released, so the newer messages get their own reply once due. Only the holder of the
-- claim can finish it.
WITH done AS (
    DELETE FROM reply_jobs
     WHERE conversation_id = :#conversationId
       AND claim_token = :#claimToken
       AND requested_at = :#requestedAt
 RETURNING conversation_id)
UPDATE reply_jobs
   SET locked_until = NULL, locked_by = NULL, claim_token = NULL, attempts = 0, last_error = NULL
 WHERE conversation_id = :#conversationId
   AND claim_token = :#claimToken
   AND NOT EXISTS (SELECT 1 FROM done)
