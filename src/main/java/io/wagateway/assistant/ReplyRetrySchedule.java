package io.wagateway.assistant;

import io.wagateway.outbound.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * When a failed reply job is tried again, and when it is not: {@code RETRY_MAX_ATTEMPTS} attempts in all
 * (every claim is one), the next one after an exponential backoff with jitter from
 * {@code RETRY_INITIAL_DELAY_MS} (×2 per attempt, "equal jitter": between half and all of it, at most
 * {@value #MAX_DELAY_MS} ms), or after the model API's {@code Retry-After} when it sent one (with the same
 * upper bound: past it, the attempts run out and a person takes over rather than the user waiting longer).
 */
@Component
public class ReplyRetrySchedule {

    static final long MAX_DELAY_MS = 300_000;

    private final RetryPolicy retry;
    private final DoubleSupplier random;

    @Autowired
    public ReplyRetrySchedule(RetryPolicy retry) {
        this(retry, () -> ThreadLocalRandom.current().nextDouble());
    }

    ReplyRetrySchedule(RetryPolicy retry, DoubleSupplier random) {
        this.retry = retry;
        this.random = random;
    }

    public int maxAttempts() {
        return retry.maxRedeliveries() + 1;
    }

    /** Whether the attempt that just failed was the last one allowed. */
    public boolean lastAttempt(int attempts) {
        return attempts >= maxAttempts();
    }

    /** Whether the job was claimed more often than allowed without ever finishing (its workers died). */
    public boolean abandonedTooOften(int attempts) {
        return attempts > maxAttempts();
    }

    /** Milliseconds to wait after the {@code attempts}-th failed attempt. */
    public long delayMs(int attempts) {
        double full = retry.initialDelayMs() * Math.pow(retry.multiplier(), Math.max(0, attempts - 1));
        double capped = Math.min(MAX_DELAY_MS, full);
        return Math.round(capped / 2 + random.getAsDouble() * capped / 2);
    }

    /** Milliseconds to wait after the model failed the {@code attempts}-th time: its Retry-After, else the backoff. */
    public long delayMs(Throwable aiFailure, int attempts) {
        Duration retryAfter = AiFailure.retryAfter(aiFailure);
        return retryAfter == null ? delayMs(attempts) : Math.min(MAX_DELAY_MS, retryAfter.toMillis());
    }
}
