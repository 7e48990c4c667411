-- POST /api/messages: the conversation of a WhatsApp user with a provider, if there is one yet, by the BSUID
-- (userId) when given, else by the phone; identifiers the conversation had before count too (aliases).
SELECT id, provider, status, merged_into AS "mergedInto", opted_out_at IS NOT NULL AS "optedOut"
  FROM kommo_conversations
 WHERE id = COALESCE(whatsapp_conversation_by_user_id(CAST(:#provider AS text), CAST(:#userId AS text)),
                     whatsapp_conversation_by_phone(CAST(:#provider AS text), CAST(:#phone AS text),
                                                    CAST(:#userId AS text) IS NULL))
