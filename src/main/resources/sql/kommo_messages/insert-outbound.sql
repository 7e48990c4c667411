-- A message of a person of the team (author 'agent') or of the system, through the 24-hour window
-- policy of V4 (whatsapp_window_applies / whatsapp_window_open, measured by this database's clock), in one
-- statement that locks the conversation (a concurrent close cannot slip in between):
--   the window does not apply (kommo) or is open  -> 'pending', delivery 'sent'      (goes out as is)
--   closed, a fallback template is configured      -> 'pending', delivery 'template'  (goes out as the template)
--   closed, no template                            -> 'queued',  delivery 'queued'    (held until the user writes)
-- templateConfigured says whether the conversation's provider has a fallback template.
-- No row: no such conversation. A row without messageId: the conversation is closed, nothing inserted.
WITH conversation AS (
    SELECT id, provider, status,
           whatsapp_window_applies(provider) AS window_applies,
           whatsapp_window_open(last_user_message_at) AS window_open
      FROM kommo_conversations
     WHERE id = :#conversationId
       FOR UPDATE
), decision AS (
    SELECT id, provider, status,
           CASE WHEN NOT window_applies OR window_open THEN 'sent'
                WHEN COALESCE(CAST(:#templateConfigured AS boolean), false) THEN 'template'
                ELSE 'queued'
           END AS delivery
      FROM conversation
), inserted AS (
    INSERT INTO kommo_messages (conversation_id, provider, role, content, message_type, metadata,
                                delivery_status, delivery_updated_at, next_attempt_at)
    SELECT id, provider, 'assistant', :#text, 'text', jsonb_build_object('author', CAST(:#author AS text)),
           CASE delivery WHEN 'queued' THEN 'queued' ELSE 'pending' END, now(), now()
      FROM decision
     WHERE status NOT IN ('closed', 'merged')
    RETURNING id, conversation_id, delivery_status
)
SELECT d.id AS "conversationId", d.provider, d.status, d.delivery,
       i.id AS "messageId", i.delivery_status AS "deliveryStatus"
  FROM decision d
  LEFT JOIN inserted i ON i.conversation_id = d.id
