-- Changes older than any poll looks back.
DELETE FROM conversation_changes WHERE changed_at < now() - make_interval(secs => :#keepSeconds)
