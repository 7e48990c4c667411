-- The console's live changes without NOTIFY. V11's triggers sent a notification for every message written, and
-- PostgreSQL serializes the commits of all transactions that notify (a database-wide lock from the notification
-- queue's insert to the end of the commit, WAL flush included): under concurrent webhooks that cut the commit rate
-- (pgbench, 8 clients, one insert per transaction: 1,600-3,000 tx/s with the notifying trigger against
-- 6,500-13,600 without, on this 2-core machine).
--
-- Instead a change is a row of conversation_changes, written only while a console is watching (an instance that
-- consoles poll keeps its row in console_watchers fresh), read by that instance's poll and dropped after a minute.
-- Unlogged: a crash loses the last minute of changes, and a console reloads what it shows after one anyway.
CREATE TABLE console_watchers (
    instance text        PRIMARY KEY,
    until    timestamptz NOT NULL
);

CREATE UNLOGGED TABLE conversation_changes (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id uuid        NOT NULL,
    changed_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX idx_conversation_changes_changed_at ON conversation_changes (changed_at);

ALTER FUNCTION notify_conversation_change() RENAME TO record_conversation_change;

CREATE OR REPLACE FUNCTION record_conversation_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM console_watchers WHERE until > now()) THEN
        RETURN NULL;
    END IF;
    -- NEW is read field by field only in the branch of its table: each table has only its own fields
    IF TG_TABLE_NAME = 'kommo_messages' THEN
        INSERT INTO conversation_changes (conversation_id) VALUES (NEW.conversation_id);
    ELSE
        INSERT INTO conversation_changes (conversation_id) VALUES (NEW.id);
    END IF;
    RETURN NULL;
END;
$$;

-- a download or a transcript finishing changes what the console shows of a message too
CREATE FUNCTION media_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.message_id IS NOT NULL AND EXISTS (SELECT 1 FROM console_watchers WHERE until > now()) THEN
        INSERT INTO conversation_changes (conversation_id)
        SELECT conversation_id FROM kommo_messages WHERE id = NEW.message_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_media_change
    AFTER UPDATE OF status, transcript ON media
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.transcript IS DISTINCT FROM NEW.transcript)
    EXECUTE FUNCTION media_change();
