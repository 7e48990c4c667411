-- One media item, to read it back (GET /api/media/{id}, a signed link) or to send it: stored or not.
SELECT id, message_id AS "messageId", origin, status, failure_reason AS "failureReason",
       content_type AS "contentType", filename, caption, sha256, size_bytes AS "size"
  FROM media
 WHERE id = :#mediaId
