-- A person answered from Kommo: the conversation is theirs and the AI stops replying (an escalated
-- conversation gets no AI reply). A closed conversation stays closed.
UPDATE kommo_conversations
   SET status          = 'escalated',
       metadata        = metadata || jsonb_build_object('escalatedBy', 'agent', 'escalatedAt', now()),
       last_message_at = now(),
       updated_at      = now()
 WHERE id = :#conversationId
   AND status = 'active'
