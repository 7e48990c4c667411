-- A voice note that could not be transcribed, finally (refused, or out of attempts): why. It is not tried again;
-- the reply goes ahead with its description.
UPDATE media
   SET transcript_error = :#transcriptError
 WHERE id = :#mediaId
   AND transcript IS NULL
