package io.wagateway.media;

/** A file kept by the {@link MediaStore}: its content address (lower-case hex SHA-256) and its size. */
public record StoredFile(String sha256, long size) {
}
