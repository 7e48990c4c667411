package io.wagateway.assistant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * {@code MEDIA_WAIT_MS}: how long a reply waits for the media of the messages it answers to be downloaded (30 s
 * unless set; 0: not at all). Meanwhile its job is put back and looked at again every {@link #recheckMs()}; after
 * that the reply goes ahead with whatever is there.
 */
@Component
public class ReplyMediaWait {

    static final long DEFAULT_WAIT_MS = 30_000;
    static final long RECHECK_MS = 1_000;

    private final long waitMs;

    public ReplyMediaWait(@Value("${gateway.media.wait-ms:}") String waitMs) {
        this.waitMs = StringUtils.hasText(waitMs) ? Math.max(0, Long.parseLong(waitMs.trim())) : DEFAULT_WAIT_MS;
    }

    public long waitMs() {
        return waitMs;
    }

    /** When a waiting reply looks again: every second, or sooner when the whole wait is shorter. */
    public long recheckMs() {
        return Math.max(1, Math.min(RECHECK_MS, waitMs));
    }
}
