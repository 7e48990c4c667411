-- Queued messages the user never came back for.
UPDATE kommo_messages
   SET delivery_status = 'expired', delivery_updated_at = now()
 WHERE delivery_status = 'queued'
   AND created_at < now() - make_interval(hours => :#maxAgeHours)
