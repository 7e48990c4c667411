-- A provider's status report for one of our messages. Statuses only move forward
-- (pending < accepted < sent < delivered < read): a late 'delivered' never overwrites 'read'.
-- 'failed' ends any status that is not final yet; failed, expired and dry_run are never changed.
-- No row is returned for an unknown provider message id or a status that would move backwards.
UPDATE kommo_messages
   SET delivery_status     = :#deliveryStatus,
       delivery_error_code = COALESCE(:#deliveryErrorCode, delivery_error_code),
       delivery_error      = COALESCE(:#deliveryError, delivery_error),
       delivery_updated_at = now()
 WHERE provider = :#provider
   AND provider_message_id = :#providerMessageId
   AND delivery_status NOT IN ('failed', 'expired', 'dry_run')
   AND (CAST(:#deliveryStatus AS text) = 'failed'
        OR array_position(ARRAY['pending', 'accepted', 'sent', 'delivered', 'read'], delivery_status)
         < array_position(ARRAY['pending', 'accepted', 'sent', 'delivered', 'read'], CAST(:#deliveryStatus AS text)))
RETURNING id, conversation_id AS "conversationId", delivery_status AS "deliveryStatus",
          -- the logs' correlation id: the user message this one answered, else the reported id
          COALESCE(metadata ->> 'inReplyTo', provider_message_id) AS "correlationId"
