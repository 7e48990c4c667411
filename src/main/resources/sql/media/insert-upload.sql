-- POST /api/media: a file an agent uploads to send, already in the media store; stored at once (origin 'upload').
INSERT INTO media (origin, status, content_type, filename, sha256, size_bytes, finished_at)
VALUES ('upload', 'stored', :#contentType, :#filename, :#sha256, :#size, now())
RETURNING id, content_type AS "contentType", size_bytes AS "size", filename, status
