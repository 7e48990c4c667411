-- GET /api/stats/providers: one row per provider, zeros included, with its companion view's opt-outs (V8).
SELECT a.provider, a.total, a.active, a.escalated, a.within_24h AS "within24h", o.opted_out AS "optedOut"
  FROM active_conversations_by_provider a
  JOIN opted_out_conversations_by_provider o ON o.provider = a.provider
 ORDER BY CASE a.provider WHEN 'kommo' THEN 1 WHEN 'twilio' THEN 2 ELSE 3 END
