-- Fencing, first statement of a transaction that stores a reply or escalates: the job must still carry
-- the claim token this worker claimed it with. The row stays locked until the commit, so no other worker
-- can claim it in between. No row: the claim was lost (its lease ran out and another worker claimed it).
SELECT conversation_id
  FROM reply_jobs
 WHERE conversation_id = :#conversationId
   AND claim_token = :#claimToken
   FOR UPDATE
