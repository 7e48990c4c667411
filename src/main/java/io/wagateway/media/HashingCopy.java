package io.wagateway.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies a stream while it hashes and counts it, and stops once it is larger than allowed. */
final class HashingCopy {

    private static final int BUFFER = 64 * 1024;

    private HashingCopy() {
    }

    static StoredFile copy(InputStream content, OutputStream target, long maxBytes) throws IOException {
        MessageDigest digest = sha256();
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (DigestInputStream in = new DigestInputStream(content, digest)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                size += read;
                if (size > maxBytes) {
                    throw new MediaTooLargeException(maxBytes);
                }
                target.write(buffer, 0, read);
            }
        }
        return new StoredFile(HexFormat.of().formatHex(digest.digest()), size);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
