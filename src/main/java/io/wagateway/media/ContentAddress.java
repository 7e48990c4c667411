package io.wagateway.media;

import java.util.regex.Pattern;

/** The address of a stored file: its SHA-256 in lower-case hex, checked before it becomes a path or a key. */
final class ContentAddress {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ContentAddress() {
    }

    static String checked(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        return sha256;
    }
}
