-- What a voice note says (AI_TRANSCRIPTION_MODEL), kept with it, and its message's text made what was said
-- (transcribedContent: "[voice message] <transcript>", then what the user wrote with it), so the history, the
-- escalation keywords and the API see it; the text before it stays in metadata.contentBeforeTranscript.
-- Once per voice note: a second worker's transcript changes nothing.
WITH transcribed AS (
    UPDATE media
       SET transcript = :#transcript, transcript_error = NULL
     WHERE id = :#mediaId
       AND transcript IS NULL
    RETURNING message_id)
UPDATE kommo_messages m
   SET content  = :#transcribedContent,
       metadata = CASE WHEN m.metadata -> 'contentBeforeTranscript' IS NULL
                       THEN m.metadata || jsonb_build_object('contentBeforeTranscript', m.content)
                       ELSE m.metadata END
  FROM transcribed
 WHERE m.id = transcribed.message_id
