-- Reports about messages the gateway never sent (another tool on the same number) or no longer knows: after a day
-- no send of ours will claim them.
DELETE FROM early_delivery_statuses
 WHERE received_at < now() - interval '1 day'
