package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.RateLimitException;
import io.wagateway.worker.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyRetryScheduleTest {

    private final RetryPolicy policy = new RetryPolicy(4, 1000, 2.0, 300_000);
    private final ReplyRetrySchedule schedule = new ReplyRetrySchedule(policy);

    @Test
    void backoffDoublesPerAttemptWithTheSendsJitter() {
        assertThat(schedule.delayMs(1)).isBetween(800L, 1200L);
        assertThat(schedule.delayMs(2)).isBetween(1600L, 2400L);
        assertThat(schedule.delayMs(3)).isBetween(3200L, 4800L);
    }

    @Test
    void backoffIsCappedByRetryMaxDelay() {
        assertThat(schedule.delayMs(30)).isEqualTo(300_000);
    }

    @Test
    void retryAfterOfTheModelApiWinsOverTheBackoffUpToTheCap() {
        assertThat(schedule.delayMs(new RateLimitException(
                new AiHttpStatusException(429, "", Duration.ofSeconds(7))), 1)).isEqualTo(7000);
        assertThat(schedule.delayMs(new RateLimitException(
                new AiHttpStatusException(429, "", Duration.ofHours(2))), 1)).isEqualTo(300_000);
        assertThat(schedule.delayMs(new RateLimitException(new AiHttpStatusException(429, "", null)), 2))
                .isBetween(1600L, 2400L);
    }

    @Test
    void attemptsAreBoundedByRetryMaxAttempts() {
        assertThat(schedule.maxAttempts()).isEqualTo(4);
        assertThat(schedule.lastAttempt(3)).isFalse();
        assertThat(schedule.lastAttempt(4)).isTrue();
        assertThat(schedule.abandonedTooOften(4)).isFalse();
        assertThat(schedule.abandonedTooOften(5)).isTrue();
    }

    @Test
    void noDelayWhenTheInitialDelayIsZero() {
        assertThat(new ReplyRetrySchedule(new RetryPolicy(3, 0, 2.0)).delayMs(2)).isZero();
    }
}
