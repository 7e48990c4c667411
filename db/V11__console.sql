-- The operators' console (issue 15): live changes for every instance, and the numbers of its charts.
--
-- Live: every change an operator watches (a message stored, a delivery status moved, a conversation's status
-- changed) notifies the channel wagateway_changes with the conversation's id, sent when its transaction commits.
-- Each instance that has a console open LISTENs on its own connection (io.wagateway.console.ConversationChanges).
-- PostgreSQL folds identical notifications of one transaction into one, so a burst of one conversation costs one.
CREATE FUNCTION notify_conversation_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME = 'kommo_messages' THEN
        PERFORM pg_notify('wagateway_changes', CAST(NEW.conversation_id AS text));
    ELSE
        PERFORM pg_notify('wagateway_changes', CAST(NEW.id AS text));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_message_stored_notify
    AFTER INSERT ON kommo_messages
    FOR EACH ROW
    EXECUTE FUNCTION notify_conversation_change();

CREATE TRIGGER trg_message_delivery_notify
    AFTER UPDATE OF delivery_status ON kommo_messages
    FOR EACH ROW
    WHEN (OLD.delivery_status IS DISTINCT FROM NEW.delivery_status)
    EXECUTE FUNCTION notify_conversation_change();

CREATE TRIGGER trg_conversation_status_notify
    AFTER UPDATE OF status ON kommo_conversations
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION notify_conversation_change();

-- When the provider took an outgoing message (or the dry run stood in for it): the end of a reply's time,
-- from the user's message to the send (GET /api/stats/replies), and the "out" of GET /api/stats/traffic.
-- Set once, by kommo_messages/record-delivery.sql.
ALTER TABLE kommo_messages ADD COLUMN sent_at timestamptz;

-- The charts read the last hours and days of messages. A BRIN index costs next to nothing per insert (rows
-- arrive in created_at order) and lets those reads skip the older blocks.
CREATE INDEX idx_messages_created_at_brin ON kommo_messages USING brin (created_at);
