-- Done, unless the user wrote again since the job was claimed: then the job stays, released, for the
-- newer messages.
DELETE FROM reply_jobs
 WHERE conversation_id = :#conversationId
   AND requested_at = :#requestedAt
