package io.wagateway.outbound;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one retry policy for calls to the outside world (AI, providers): bounded attempts, exponential
 * backoff with jitter. Tests set the delay to 0.
 */
@Component
public class RetryPolicy {

    private final int maxAttempts;
    private final long initialDelayMs;
    private final double multiplier;

    public RetryPolicy(@Value("${gateway.retry.max-attempts}") int maxAttempts,
                       @Value("${gateway.retry.initial-delay-ms}") long initialDelayMs,
                       @Value("${gateway.retry.multiplier}") double multiplier) {
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialDelayMs = initialDelayMs;
        this.multiplier = multiplier;
    }

    public int maxRedeliveries() {
        return maxAttempts - 1;
    }

    public long initialDelayMs() {
        return initialDelayMs;
    }

    public double multiplier() {
        return multiplier;
    }
}
