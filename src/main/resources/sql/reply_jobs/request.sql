-- A user message asks for a reply: one job per conversation, refreshed by every new message.
INSERT INTO reply_jobs (conversation_id)
VALUES (:#conversationId)
ON CONFLICT (conversation_id)
DO UPDATE SET requested_at = clock_timestamp(),
              due_at       = now(),
              last_error   = NULL
