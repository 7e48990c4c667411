-- The conversation of a Twilio or Meta user known by a phone, a BSUID (userId) or both: one race-safe call of
-- V7's find_or_create_whatsapp_conversation, which creates it, or touches it and attaches what is new (a
-- phone and a BSUID of two conversations merge them).
SELECT find_or_create_whatsapp_conversation(CAST(:#provider AS text), CAST(:#phone AS text),
                                            CAST(:#userId AS text), CAST(:#username AS text),
                                            CAST(:#parentUserId AS text), CAST(:#contactName AS text)) AS id
