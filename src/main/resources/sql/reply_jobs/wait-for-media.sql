-- The messages the reply answers still have media being downloaded (MEDIA_WAIT_MS not over yet): the job is
-- released and due again in mediaRecheckMs, without counting as an attempt (the claim counted one) and with its
-- reason of a failure kept. Only the holder of the claim can do it.
UPDATE reply_jobs
   SET locked_until = NULL,
       locked_by    = NULL,
       claim_token  = NULL,
       attempts     = GREATEST(attempts - 1, 0),
       due_at       = GREATEST(due_at, now() + make_interval(secs => :#mediaRecheckMs / 1000.0))
 WHERE conversation_id = :#conversationId
   AND claim_token = :#claimToken
