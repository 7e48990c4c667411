-- GET /api/stats/providers: one row per provider, zeros included.
SELECT provider, total, active, escalated, within_24h AS "within24h"
  FROM active_conversations_by_provider
 ORDER BY CASE provider WHEN 'kommo' THEN 1 WHEN 'twilio' THEN 2 ELSE 3 END
