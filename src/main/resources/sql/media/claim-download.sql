-- Claims the oldest due download for a lease; a worker on any instance skips the ones being claimed. Every claim
-- counts as an attempt. A download is bounded by MEDIA_DOWNLOAD_TIMEOUT_MS, so its lease (leaseSeconds) outlasts
-- it and is never renewed: a claim whose lease ran out belongs to a worker that died, and is claimed again.
-- correlationId: the provider's id of the message that carried it (the logs' correlation id).
-- moreDue: another download was due as well, so the worker claims again and brings in another one.
UPDATE media m
   SET locked_until = now() + make_interval(secs => :#leaseSeconds),
       locked_by    = :#workerId,
       attempts     = m.attempts + 1
 WHERE m.id = (SELECT id
                 FROM media
                WHERE status = 'pending'
                  AND next_attempt_at <= now()
                  AND (locked_until IS NULL OR locked_until < now())
                ORDER BY next_attempt_at
                LIMIT 1
                  FOR UPDATE SKIP LOCKED)
RETURNING m.id AS "mediaId", m.origin, m.source_url AS "sourceUrl", m.source_id AS "sourceId",
          m.source_sha256 AS "sourceSha256", m.content_type AS "contentType", m.attempts,
          (SELECT u.provider_message_id FROM kommo_messages u WHERE u.id = m.message_id) AS "correlationId",
          EXISTS (SELECT 1
                    FROM media other
                   WHERE other.status = 'pending'
                     AND other.next_attempt_at <= now()
                     AND (other.locked_until IS NULL OR other.locked_until < now())
                     AND other.id <> m.id) AS "moreDue"
