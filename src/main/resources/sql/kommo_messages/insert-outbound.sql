-- A message of a person of the team (author 'agent') or of the system, through the 24-hour window
-- policy of V4 (whatsapp_window_applies / whatsapp_window_open, measured by this database's clock), in one
-- statement that locks the conversation (a concurrent close cannot slip in between):
--   the window does not apply (kommo) or is open  -> 'pending', delivery 'sent'      (goes out as is)
--   closed, the user opted out (V8)                -> nothing stored, delivery 'opted_out' (no template, no
--                                                     proactive message to that user)
--   closed, templateCarries (WINDOW_FALLBACK=text and the text fits a template variable)
--                                                  -> 'pending', delivery 'template'  (goes out as the template)
--   closed, otherwise                              -> delivery 'queued' (held until the user writes): 'queued' at
--                                                     once without a template; 'pending' with one, so that the send
--                                                     worker queues it and invites the user back once per closed
--                                                     window (record-queued.sql)
-- templateConfigured says whether the conversation's provider has a fallback template. A message with media is an
-- 'image' or a 'file' (messageType) whose metadata.media (media, JSON) the send worker resolves when it sends it.
-- No row: no such conversation. A row without messageId: the conversation is closed or merged, or the user opted
-- out (delivery 'opted_out'), nothing inserted.
WITH conversation AS (
    SELECT id, provider, status, opted_out_at IS NOT NULL AS opted_out,
           whatsapp_window_applies(provider) AS window_applies,
           whatsapp_window_open(last_user_message_at) AS window_open
      FROM kommo_conversations
     WHERE id = :#conversationId
       FOR UPDATE
), decision AS (
    SELECT id, provider, status,
           CASE WHEN NOT window_applies OR window_open THEN 'sent'
                WHEN opted_out THEN 'opted_out'
                WHEN COALESCE(CAST(:#templateConfigured AS boolean), false)
                     AND COALESCE(CAST(:#templateCarries AS boolean), false) THEN 'template'
                ELSE 'queued'
           END AS delivery
      FROM conversation
), inserted AS (
    INSERT INTO kommo_messages (conversation_id, provider, role, content, message_type, metadata,
                                delivery_status, delivery_updated_at, next_attempt_at)
    SELECT id, provider, 'assistant', :#text, COALESCE(CAST(:#messageType AS text), 'text'),
           jsonb_strip_nulls(jsonb_build_object('author', CAST(:#author AS text), 'media', CAST(:#media AS jsonb))),
           CASE WHEN delivery = 'queued' AND NOT COALESCE(CAST(:#templateConfigured AS boolean), false) THEN 'queued'
                ELSE 'pending' END, now(), now()
      FROM decision
     WHERE status NOT IN ('closed', 'merged')
       AND delivery <> 'opted_out'
    RETURNING id, conversation_id, delivery_status
)
SELECT d.id AS "conversationId", d.provider, d.status, d.delivery,
       i.id AS "messageId", i.delivery_status AS "deliveryStatus"
  FROM decision d
  LEFT JOIN inserted i ON i.conversation_id = d.id
