-- GET /api/stats/traffic: messages per hour over the last 24 hours (the current hour last), zeros included:
-- in = the users' messages stored, out = outgoing messages the provider took (or the dry run stood in for),
-- by sent_at (V11). Hours are instants; the console shows them in the browser's time zone. The BRIN index on
-- created_at keeps the older blocks unread (a message is sent within a day of being stored, or not counted).
WITH hours AS (
    SELECT generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()),
                           interval '1 hour') AS hour
), incoming AS (
    SELECT date_trunc('hour', created_at) AS hour, count(*) AS n
      FROM kommo_messages
     WHERE role = 'user'
       AND created_at >= date_trunc('hour', now()) - interval '23 hours'
     GROUP BY 1
), outgoing AS (
    SELECT date_trunc('hour', sent_at) AS hour, count(*) AS n
      FROM kommo_messages
     WHERE role = 'assistant'
       AND created_at >= date_trunc('hour', now()) - interval '47 hours'
       AND sent_at >= date_trunc('hour', now()) - interval '23 hours'
     GROUP BY 1
)
SELECT h.hour, COALESCE(i.n, 0) AS "in", COALESCE(o.n, 0) AS "out"
  FROM hours h
  LEFT JOIN incoming i ON i.hour = h.hour
  LEFT JOIN outgoing o ON o.hour = h.hour
 ORDER BY h.hour
