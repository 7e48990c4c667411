-- A user message asks for a reply: one job per conversation, refreshed by every new message.
-- Debounce: the job is due debounceMs after the newest message, but never later than debounceMaxMs after
-- the first message of the burst, so a user who keeps writing is still answered. A job waiting for a
-- retry after a failure (last_error set) keeps its due time when that is later.
INSERT INTO reply_jobs (conversation_id, burst_started_at, due_at)
VALUES (:#conversationId, now(), now() + make_interval(secs => :#debounceMs / 1000.0))
ON CONFLICT (conversation_id)
DO UPDATE SET requested_at     = clock_timestamp(),
              burst_started_at = COALESCE(reply_jobs.burst_started_at, now()),
              due_at           = GREATEST(LEAST(now() + make_interval(secs => :#debounceMs / 1000.0),
                                                COALESCE(reply_jobs.burst_started_at, now())
                                                    + make_interval(secs => :#debounceMaxMs / 1000.0)),
                                          CASE WHEN reply_jobs.last_error IS NOT NULL THEN reply_jobs.due_at END)
