package io.wagateway.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one retry policy for calls to the outside world (AI, providers): bounded attempts, exponential
 * backoff with jitter, capped. Tests set the delay to 0. A failed provider send and a failed reply job are
 * rescheduled durably on their rows ({@link #delayMs}), so no thread waits for a retry.
 */
@Component
public class RetryPolicy {

    /** Jitter: each delay is drawn from ±20 % around its exponential value, so failed sends do not retry in step. */
    private static final double JITTER = 0.2;
    private static final long DEFAULT_MAX_DELAY_MS = Duration.ofMinutes(15).toMillis();

    private final int maxAttempts;
    private final long initialDelayMs;
    private final double multiplier;
    private final long maxDelayMs;

    @Autowired
    public RetryPolicy(@Value("${gateway.retry.max-attempts}") int maxAttempts,
                       @Value("${gateway.retry.initial-delay-ms}") long initialDelayMs,
                       @Value("${gateway.retry.multiplier}") double multiplier,
                       @Value("${gateway.retry.max-delay-ms:900000}") long maxDelayMs) {
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialDelayMs = Math.max(0, initialDelayMs);
        this.multiplier = multiplier;
        this.maxDelayMs = Math.max(0, maxDelayMs);
    }

    public RetryPolicy(int maxAttempts, long initialDelayMs, double multiplier) {
        this(maxAttempts, initialDelayMs, multiplier, DEFAULT_MAX_DELAY_MS);
    }

    /** Attempts in all, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public long initialDelayMs() {
        return initialDelayMs;
    }

    public double multiplier() {
        return multiplier;
    }

    public long maxDelayMs() {
        return maxDelayMs;
    }

    /**
     * How long to wait after the {@code failedAttempts}-th attempt failed (1 for the first): what the provider
     * asked for ({@code Retry-After}) when it did, else {@code initialDelay * multiplier^(failedAttempts-1)}
     * with jitter; never more than the cap ({@code gateway.retry.max-delay-ms}).
     */
    public long delayMs(int failedAttempts, Duration retryAfter) {
        if (retryAfter != null) {
            // compared as durations: a huge Retry-After would overflow toMillis()
            return retryAfter.compareTo(Duration.ofMillis(maxDelayMs)) >= 0 ? maxDelayMs
                    : Math.max(0, retryAfter.toMillis());
        }
        double exponential = initialDelayMs * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        double jittered = exponential * (1 - JITTER + 2 * JITTER * ThreadLocalRandom.current().nextDouble());
        return (long) Math.min(maxDelayMs, jittered);
    }
}
