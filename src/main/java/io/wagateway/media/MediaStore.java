package io.wagateway.media;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where the bytes of media files live, addressed by their SHA-256: the same file stored twice is kept once.
 * The default is a local folder ({@link LocalMediaStore}); an S3-compatible bucket lets several instances share
 * the files.
 */
public interface MediaStore {

    /**
     * Reads the content to its end and keeps it, unless it is larger than {@code maxBytes}: then nothing is kept
     * and {@link MediaTooLargeException} is thrown.
     */
    StoredFile put(InputStream content, long maxBytes) throws IOException;

    /** The stored content of this SHA-256 (lower-case hex); {@link java.io.FileNotFoundException} when none. */
    InputStream open(String sha256) throws IOException;

    boolean contains(String sha256) throws IOException;
}
