-- Sending made durable and crash-safe (issue 5).
--
-- A send worker commits its claim on an outgoing message (locked_until, the lease) before it calls the
-- provider, and renews the leases of the sends it still has in flight every lease/3 seconds. locked_by
-- names the claiming worker (host and process, config/WorkerIdentity), so that a late outcome can be
-- matched to its own claim. A lease that runs out with no outcome recorded means the worker died (or lost
-- the database) during the call: whether the provider took the message is unknown, so it is never sent
-- again on its own but fails as 'send_interrupted', for an operator to retry through /api/failures.
ALTER TABLE kommo_messages ADD COLUMN locked_by text;

-- GET /api/failures: the outgoing messages that finally failed, newest first.
CREATE INDEX idx_messages_failed ON kommo_messages (delivery_updated_at DESC)
    WHERE delivery_status = 'failed';

-- the claims in flight, for the lease renewal and the check for interrupted sends
CREATE INDEX idx_messages_send_leases ON kommo_messages (locked_until)
    WHERE delivery_status = 'pending' AND locked_until IS NOT NULL;
