-- In how many milliseconds the next job nobody holds is due (negative: already due; NULL: none), so
-- the worker wakes up then instead of at the next poll.
SELECT CAST(CEIL(EXTRACT(EPOCH FROM (min(due_at) - clock_timestamp())) * 1000) AS bigint)
  FROM reply_jobs
 WHERE locked_until IS NULL OR locked_until < now()
