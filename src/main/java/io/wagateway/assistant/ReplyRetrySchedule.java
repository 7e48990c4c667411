package io.wagateway.assistant;

import io.wagateway.worker.RetryPolicy;
import org.springframework.stereotype.Component;

/**
 * When a failed reply job is tried again, and when it is not: {@code RETRY_MAX_ATTEMPTS} attempts in all
 * (every claim is one), the next one after the {@link RetryPolicy}'s backoff, or after the model API's
 * {@code Retry-After} when it sent one: the same schedule as a failed provider send.
 */
@Component
public class ReplyRetrySchedule {

    private final RetryPolicy retry;

    public ReplyRetrySchedule(RetryPolicy retry) {
        this.retry = retry;
    }

    public int maxAttempts() {
        return retry.maxAttempts();
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
        return retry.delayMs(attempts, null);
    }

    /** Milliseconds to wait after the model failed the {@code attempts}-th time: its Retry-After, else the backoff. */
    public long delayMs(Throwable aiFailure, int attempts) {
        return retry.delayMs(attempts, AiFailure.retryAfter(aiFailure));
    }
}
