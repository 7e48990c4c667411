-- A status report that changed no message (its message id is not stored yet, or the report is not newer than what
-- is recorded), kept for the send worker to apply once the id is stored (take-ready.sql): a report that was not
-- newer is then ignored again. A redelivered report is kept once.
INSERT INTO early_delivery_statuses (provider, provider_message_id, delivery_status, delivery_error_code,
                                     delivery_error)
VALUES (:#provider, :#providerMessageId, :#deliveryStatus, :#deliveryErrorCode, :#deliveryError)
ON CONFLICT DO NOTHING
