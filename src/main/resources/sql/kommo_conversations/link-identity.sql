-- A user's WhatsApp identity changed (V7's link_whatsapp_identity): the new phone and BSUID join the conversation
-- of the previous ones. NULL when neither is known.
SELECT link_whatsapp_identity(CAST(:#provider AS text), CAST(:#previousPhone AS text),
                              CAST(:#previousUserId AS text), CAST(:#phone AS text), CAST(:#userId AS text),
                              CAST(:#parentUserId AS text)) AS id
