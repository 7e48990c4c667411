package io.wagateway.media;

import java.io.IOException;

/** The file is larger than {@code MEDIA_MAX_BYTES}: nothing of it was kept. */
public class MediaTooLargeException extends IOException {

    private final long maxBytes;

    public MediaTooLargeException(long maxBytes) {
        super("larger than the limit of " + maxBytes + " bytes (MEDIA_MAX_BYTES)");
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
