-- POST /api/messages: the conversation of a WhatsApp number with a provider, if there is one yet
-- (one per provider and phone: idx_twilio_conversation_phone, idx_meta_conversation_phone).
SELECT id, status
  FROM kommo_conversations
 WHERE provider = CAST(:#provider AS text)
   AND phone = CAST(:#phone AS text)
