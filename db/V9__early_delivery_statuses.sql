-- A provider's status report can arrive before the send it reports on has stored the provider's message id: the
-- provider answers the send and calls back while the gateway is still committing the answer. Such a report is
-- kept here and applied by the send worker once the id is stored (kommo_messages/early-statuses-ready.sql), so no
-- status is lost. A report for a message the gateway never sent (another tool on the same number) is dropped
-- after a day.
CREATE TABLE early_delivery_statuses (
    provider            text        NOT NULL,
    provider_message_id text        NOT NULL,
    delivery_status     text        NOT NULL,
    delivery_error_code text,
    delivery_error      text,
    received_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, provider_message_id, delivery_status)
);

CREATE INDEX idx_early_delivery_statuses_received_at ON early_delivery_statuses (received_at);
