-- The attempt failed and may be tried again: the job is released, due after retryDelayMs (or later, when
-- newer messages wait for their debounce), and keeps the reason until it is finished.
UPDATE reply_jobs
   SET locked_until = NULL,
       locked_by    = NULL,
       claim_token  = NULL,
       due_at       = GREATEST(due_at, now() + make_interval(secs => :#retryDelayMs / 1000.0)),
       last_error   = :#lastError
 WHERE conversation_id = :#conversationId
   AND claim_token = :#claimToken
