package io.wagateway.worker;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When reply work is due and how long a claim holds: the debounce of bursts ({@code REPLY_DEBOUNCE_MS})
 * and its cap, the lease of a claimed job ({@code WORKER_LEASE_SECONDS}) and how often it is renewed.
 */
@Component
public class ReplyTiming {

    /** A burst is answered at the latest this many debounce periods after its first message. */
    static final int DEBOUNCE_CAP_FACTOR = 5;

    private final long debounceMs;
    private final int leaseSeconds;

    public ReplyTiming(@Value("${gateway.reply.debounce-ms}") long debounceMs,
                       @Value("${gateway.worker.lease-seconds}") int leaseSeconds) {
        this.debounceMs = Math.max(0, debounceMs);
        this.leaseSeconds = Math.max(1, leaseSeconds);
    }

    /** A job is due this long after the newest user message. */
    public long debounceMs() {
        return debounceMs;
    }

    /** ... but never later than this after the first message of the burst. */
    public long debounceMaxMs() {
        return debounceMs * DEBOUNCE_CAP_FACTOR;
    }

    public int leaseSeconds() {
        return leaseSeconds;
    }

    /** Three renewals per lease: one may be late, or fail, without the lease running out. */
    public long leaseRenewalPeriodMs() {
        return Math.max(100, leaseSeconds * 1000L / 3);
    }
}
