-- Claims the oldest due job for a lease; a worker on any instance skips the ones being claimed.
-- Every claim gets a new claim token (fencing) and counts as an attempt; the burst it answers is over.
-- correlationId: the provider's id of the conversation's newest user message (the logs' correlation id).
-- provider and status: the conversation's, read with the claim rather than by a statement of its own.
-- moreDue: another job nobody holds was due as well, so the worker claims again and brings in another one;
-- when none was, it asks next-due.sql instead of making a claim that would find nothing.
UPDATE reply_jobs j
   SET locked_until     = now() + make_interval(secs => :#leaseSeconds),
       locked_by        = :#workerId,
       claim_token      = gen_random_uuid(),
       attempts         = j.attempts + 1,
       burst_started_at = NULL
  FROM kommo_conversations c
 WHERE c.id = j.conversation_id
   AND j.conversation_id = (SELECT conversation_id
                              FROM reply_jobs
                             WHERE due_at <= now()
                               AND (locked_until IS NULL OR locked_until < now())
                             ORDER BY due_at
                             LIMIT 1
                               FOR UPDATE SKIP LOCKED)
RETURNING j.conversation_id AS "conversationId", j.requested_at AS "requestedAt", j.attempts,
          j.claim_token AS "claimToken", j.last_error AS "previousError", c.provider, c.status,
          (SELECT u.provider_message_id
             FROM kommo_messages u
            WHERE u.conversation_id = j.conversation_id
              AND u.role = 'user'
            ORDER BY u.seq DESC
            LIMIT 1) AS "correlationId",
          EXISTS (SELECT 1
                    FROM reply_jobs other
                   WHERE other.due_at <= now()
                     AND (other.locked_until IS NULL OR other.locked_until < now())
                     AND other.conversation_id <> j.conversation_id) AS "moreDue"
