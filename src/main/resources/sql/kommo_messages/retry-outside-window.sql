-- The provider refused free-form text because the window had closed in between (Twilio 63016, Meta
-- 131047, answered at once or in a status report): the message goes through the outside-window path
-- once more, as a template or queued. Once only: a template, or a message refused before, stays failed.
UPDATE kommo_messages
   SET delivery_status     = 'pending',
       next_attempt_at     = now(),
       locked_until        = NULL,
       -- the template's own budget of attempts
       send_attempts       = 0,
       metadata            = metadata || jsonb_build_object('windowRefused',
                                 jsonb_build_object('code', delivery_error_code, 'error', delivery_error)),
       delivery_error_code = NULL,
       delivery_error      = NULL,
       delivery_updated_at = now()
 WHERE id = :#messageId
   AND delivery_status = 'failed'
   AND metadata -> 'windowRefused' IS NULL
   AND metadata -> 'template' IS NULL
RETURNING id
