UPDATE reply_jobs
   SET locked_until = NULL, locked_by = NULL, attempts = 0
 WHERE conversation_id = :#conversationId
