-- One kept report, taken to be applied (or dropped, when applying it failed); no row when another instance took it.
DELETE FROM early_delivery_statuses
 WHERE provider = :#provider
   AND provider_message_id = :#providerMessageId
   AND delivery_status = :#deliveryStatus
RETURNING provider
