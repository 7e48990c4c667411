-- GET /api/conversations/{id}/messages: oldest first, with the delivery status of outgoing messages and the media of
-- each (a user message's own rows in order; an outgoing message's stored item, metadata.media.mediaId), null for none.
SELECT m.id, m.conversation_id AS "conversationId", m.provider, m.provider_message_id AS "providerMessageId", m.role,
       m.message_type AS "type", m.content, m.metadata, m.delivery_status AS "deliveryStatus",
       m.delivery_error_code AS "deliveryErrorCode", m.delivery_error AS "deliveryError",
       m.delivery_updated_at AS "deliveryUpdatedAt", m.created_at AS "createdAt",
       (SELECT jsonb_agg(jsonb_build_object('id', md.id, 'contentType', md.content_type, 'size', md.size_bytes,
                                            'filename', md.filename, 'status', md.status,
                                            'transcript', md.transcript)
                         ORDER BY md.position, md.created_at)
          FROM media md
         WHERE md.message_id = m.id
            OR md.id = CAST(m.metadata -> 'media' ->> 'mediaId' AS uuid)) AS attachments
  FROM kommo_messages m
 WHERE m.conversation_id = :#conversationId
 ORDER BY m.seq
