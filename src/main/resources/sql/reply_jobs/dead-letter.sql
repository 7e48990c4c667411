-- The job failed too often: it moves to reply_dead_letters (kept, never claimed again) with the reason.
-- Only the holder of the claim can do it; no row returned: the claim was lost.
WITH dead AS (
    DELETE FROM reply_jobs
     WHERE conversation_id = :#conversationId
       AND claim_token = :#claimToken
 RETURNING conversation_id, requested_at, attempts)
INSERT INTO reply_dead_letters (conversation_id, requested_at, attempts, last_error)
SELECT conversation_id, requested_at, attempts, :#lastError
  FROM dead
RETURNING id
