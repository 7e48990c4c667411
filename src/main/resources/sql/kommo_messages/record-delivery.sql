UPDATE kommo_messages
   SET delivery_status     = :#deliveryStatus,
       provider_message_id = COALESCE(:#providerMessageId, provider_message_id),
       delivery_error_code = :#deliveryErrorCode,
       delivery_error      = :#deliveryError,
       delivery_updated_at = now(),
       locked_until        = NULL,
       -- e.g. which template went out, with which variables
       metadata            = metadata || CAST(COALESCE(:#metadataPatch, '{}') AS jsonb)
 WHERE id = :#messageId
