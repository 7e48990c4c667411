package io.wagateway.media;

import java.io.IOException;
import java.time.Duration;

/** A download that did not work, and whether trying again may help (with the server's Retry-After, if any). */
public class MediaFetchException extends IOException {

    private final boolean retryable;
    private final transient Duration retryAfter;

    public MediaFetchException(String reason, boolean retryable, Duration retryAfter) {
        super(reason);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static MediaFetchException finalFailure(String reason) {
        return new MediaFetchException(reason, false, null);
    }

    public boolean retryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
