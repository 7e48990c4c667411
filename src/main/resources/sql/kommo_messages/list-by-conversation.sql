-- GET /api/conversations/{id}/messages: oldest first, with the delivery status of outgoing messages.
SELECT id, conversation_id AS "conversationId", provider, provider_message_id AS "providerMessageId", role,
       message_type AS "type", content, metadata, delivery_status AS "deliveryStatus",
       delivery_error_code AS "deliveryErrorCode", delivery_error AS "deliveryError",
       delivery_updated_at AS "deliveryUpdatedAt", created_at AS "createdAt"
  FROM kommo_messages
 WHERE conversation_id = :#conversationId
 ORDER BY seq
