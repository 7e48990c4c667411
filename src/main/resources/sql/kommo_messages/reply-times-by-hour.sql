-- GET /api/stats/replies: how long users waited for the AI's reply, per hour over the last 24 hours (zeros and
-- nulls included): from the user's message a reply answers (metadata.inReplyTo, the provider's id of that
-- message) to the moment the provider took the reply's first part (sent_at, V11), median and 95th percentile in
-- milliseconds, and how many replies. A reply is counted in the hour it was sent.
WITH hours AS (
    SELECT generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()),
                           interval '1 hour') AS hour
), replies AS (
    SELECT r.provider, r.metadata ->> 'inReplyTo' AS answered, min(r.sent_at) AS sent_at
      FROM kommo_messages r
     WHERE r.role = 'assistant'
       AND r.metadata ->> 'inReplyTo' IS NOT NULL
       AND r.created_at >= date_trunc('hour', now()) - interval '47 hours'
       AND r.sent_at >= date_trunc('hour', now()) - interval '23 hours'
     GROUP BY 1, 2
), waits AS (
    SELECT date_trunc('hour', replies.sent_at) AS hour,
           extract(epoch FROM replies.sent_at - u.created_at) * 1000 AS wait_ms
      FROM replies
      JOIN kommo_messages u ON u.provider = replies.provider AND u.provider_message_id = replies.answered
     WHERE u.role = 'user'
), per_hour AS (
    SELECT hour, count(*) AS replies,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_ms) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY wait_ms) AS p95
      FROM waits
     GROUP BY hour
)
SELECT h.hour, COALESCE(p.replies, 0) AS replies, round(p.p50) AS "medianMs", round(p.p95) AS "p95Ms"
  FROM hours h
  LEFT JOIN per_hour p ON p.hour = h.hour
 ORDER BY h.hour
