-- The assistant's reply in one statement, so it is stored whole or not at all:
-- * fencing first: the job must still carry the claim token this worker claimed it with, its row locked until
--   the statement commits. No row: the claim was lost (its lease ran out and another worker claimed it); then
--   nothing is inserted nor finished, and the statement returns no row;
-- * the parts of the reply (a JSON array of texts, in order) wait as 'pending' outgoing messages, in seq order;
-- * the job is finished as in reply_jobs/finish.sql: deleted, unless the user wrote again since it was claimed
--   (requested_at moved on); then it stays, released, so the newer messages get their own reply once due.
WITH fenced AS (
    SELECT conversation_id
      FROM reply_jobs
     WHERE conversation_id = :#conversationId
       AND claim_token = :#claimToken
       FOR UPDATE
), inserted AS (
    INSERT INTO kommo_messages (conversation_id, provider, role, content, message_type, metadata,
                                delivery_status, delivery_updated_at, next_attempt_at)
    SELECT fenced.conversation_id, :#provider, 'assistant', part.content, 'text', CAST(:#metadata AS jsonb),
           'pending', now(), now()
      FROM fenced, jsonb_array_elements_text(CAST(:#parts AS jsonb)) WITH ORDINALITY AS part(content, position)
     ORDER BY part.position
    RETURNING id
), done AS (
    DELETE FROM reply_jobs job
     USING fenced
     WHERE job.conversation_id = fenced.conversation_id
       AND job.requested_at = :#requestedAt
 RETURNING job.conversation_id
), released AS (
    UPDATE reply_jobs job
       SET locked_until = NULL, locked_by = NULL, claim_token = NULL, attempts = 0, last_error = NULL
      FROM fenced
     WHERE job.conversation_id = fenced.conversation_id
       AND NOT EXISTS (SELECT 1 FROM done)
)
SELECT (SELECT count(*) FROM inserted) AS parts
  FROM fenced
