-- GET /api/stats/daily: per day (UTC) over the last 14 days, today last, zeros included: templates the
-- providers took (metadata.template records which one went out; re-engagement invitations included) and
-- outgoing messages that finally failed (by when they failed: idx_messages_failed).
WITH days AS (
    SELECT CAST(generate_series(CAST(now() AT TIME ZONE 'UTC' AS date) - 13, CAST(now() AT TIME ZONE 'UTC' AS date),
                                interval '1 day') AS date) AS day
), templates AS (
    SELECT CAST(sent_at AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n
      FROM kommo_messages
     WHERE role = 'assistant'
       AND metadata -> 'template' IS NOT NULL
       AND created_at >= now() - interval '15 days'
       AND sent_at >= now() - interval '14 days'
     GROUP BY 1
), failures AS (
    SELECT CAST(delivery_updated_at AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n
      FROM kommo_messages
     WHERE delivery_status = 'failed'
       AND delivery_updated_at >= now() - interval '15 days'
     GROUP BY 1
)
SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COALESCE(t.n, 0) AS templates, COALESCE(f.n, 0) AS failures
  FROM days d
  LEFT JOIN templates t ON t.day = d.day
  LEFT JOIN failures f ON f.day = d.day
 ORDER BY d.day
