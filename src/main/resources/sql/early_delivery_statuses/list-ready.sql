-- The kept reports whose message's provider id is stored by now, in the shape delivery-status-update reads; each
-- is then taken (take.sql) and applied in a transaction of its own: applied, it moves its message forward only,
-- as if just received.
SELECT e.provider, e.provider_message_id AS "providerMessageId", e.delivery_status AS "deliveryStatus",
       e.delivery_error_code AS "deliveryErrorCode", e.delivery_error AS "deliveryError"
  FROM early_delivery_statuses e
  JOIN kommo_messages m ON m.provider = e.provider AND m.provider_message_id = e.provider_message_id
 ORDER BY e.received_at
 LIMIT 500
