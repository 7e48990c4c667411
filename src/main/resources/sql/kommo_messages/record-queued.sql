-- The claimed message waits for the window: queued, as record-delivery.sql records any other outcome (only by the
-- claim's own worker; the conversation touched). With reengage set, the conversation's closed window also gets
-- its invitation, the fallback template that invites the user back, as an outgoing message of its own: once per
-- closed window (V8's whatsapp_reengagement_due), never to a user who opted out. One statement, so the invitation
-- exists exactly when the message is queued; the conversation's row lock keeps two workers from inviting twice.
-- moreDue: the invitation, or another pending message, is due now.
WITH recorded AS (
    UPDATE kommo_messages
       SET delivery_status     = 'queued',
           delivery_error_code = NULL,
           delivery_error      = NULL,
           delivery_updated_at = now(),
           locked_until        = NULL
     WHERE id = :#messageId
       AND locked_by = :#workerId
       AND (delivery_status = 'pending' OR (delivery_status = 'failed' AND delivery_error_code = 'send_interrupted'))
    RETURNING id, conversation_id
), conversation AS (
    SELECT c.id, c.provider,
           CAST(:#reengage AS boolean) AND c.opted_out_at IS NULL
               AND whatsapp_reengagement_due(c.reengaged_at, c.last_user_message_at) AS invites
      FROM kommo_conversations c
      JOIN recorded ON recorded.conversation_id = c.id
       FOR UPDATE OF c
), touched AS (
    UPDATE kommo_conversations c
       SET last_message_at = now(),
           updated_at      = now(),
           reengaged_at    = CASE WHEN conversation.invites THEN now() ELSE c.reengaged_at END
      FROM conversation
     WHERE c.id = conversation.id
), invited AS (
    INSERT INTO kommo_messages (conversation_id, provider, role, content, message_type, metadata, delivery_status,
                                delivery_updated_at, next_attempt_at)
    SELECT id, provider, 'assistant', :#invitationContent, 'text', CAST(:#invitationMetadata AS jsonb), 'pending',
           now(), now()
      FROM conversation
     WHERE invites
    RETURNING id
)
SELECT id,
       (SELECT id FROM invited) AS "invitationId",
       EXISTS (SELECT 1 FROM invited)
           OR EXISTS (SELECT 1
                        FROM kommo_messages other
                       WHERE other.delivery_status = 'pending'
                         AND other.next_attempt_at <= now()
                         AND other.locked_until IS NULL
                         AND other.id <> :#messageId) AS "moreDue"
  FROM recorded
