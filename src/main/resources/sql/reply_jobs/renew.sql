-- Extends the leases of the jobs this instance is still working on, before they run out. A lease that
-- already ran out is left alone: another worker may have claimed the job (fencing decides who stores).
UPDATE reply_jobs
   SET locked_until = now() + make_interval(secs => :#leaseSeconds)
 WHERE claim_token IN (:#in:claimTokens)
   AND locked_by = :#workerId
   AND locked_until > now()
