-- The sends this instance still has in flight (messageIds, comma-separated): their leases move on, so that
-- a slow but live send is never taken for an interrupted one.
UPDATE kommo_messages
   SET locked_until = now() + make_interval(secs => :#leaseSeconds)
 WHERE id = ANY (CAST(string_to_array(:#messageIds, ',') AS uuid[]))
   AND locked_by = :#workerId
   AND delivery_status = 'pending'
   AND locked_until IS NOT NULL
RETURNING id
