package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.RateLimitException;
import io.wagateway.outbound.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyRetryScheduleTest {

    private final RetryPolicy policy = new RetryPolicy(4, 1000, 2.0);

    @Test
    void backoffDoublesPerAttemptWithJitterBetweenHalfAndAllOfIt() {
        ReplyRetrySchedule least = new ReplyRetrySchedule(policy, () -> 0.0);
        ReplyRetrySchedule most = new ReplyRetrySchedule(policy, () -> 1.0);

        assertThat(least.delayMs(1)).isEqualTo(500);
        assertThat(most.delayMs(1)).isEqualTo(1000);
        assertThat(least.delayMs(2)).isEqualTo(1000);
        assertThat(most.delayMs(2)).isEqualTo(2000);
        assertThat(most.delayMs(3)).isEqualTo(4000);
    }

    @Test
    void backoffIsCapped() {
        ReplyRetrySchedule most = new ReplyRetrySchedule(policy, () -> 1.0);

        assertThat(most.delayMs(30)).isEqualTo(ReplyRetrySchedule.MAX_DELAY_MS);
    }

    @Test
    void retryAfterOfTheModelApiWinsOverTheBackoffUpToTheCap() {
        ReplyRetrySchedule schedule = new ReplyRetrySchedule(policy, () -> 1.0);

        assertThat(schedule.delayMs(new RateLimitException(
                new AiHttpStatusException(429, "", Duration.ofSeconds(7))), 1)).isEqualTo(7000);
        assertThat(schedule.delayMs(new RateLimitException(
                new AiHttpStatusException(429, "", Duration.ofHours(2))), 1)).isEqualTo(ReplyRetrySchedule.MAX_DELAY_MS);
        assertThat(schedule.delayMs(new RateLimitException(new AiHttpStatusException(429, "", null)), 2))
                .isEqualTo(2000);
    }

    @Test
    void attemptsAreBoundedByRetryMaxAttempts() {
        ReplyRetrySchedule schedule = new ReplyRetrySchedule(policy, () -> 0.5);

        assertThat(schedule.maxAttempts()).isEqualTo(4);
        assertThat(schedule.lastAttempt(3)).isFalse();
        assertThat(schedule.lastAttempt(4)).isTrue();
        assertThat(schedule.abandonedTooOften(4)).isFalse();
        assertThat(schedule.abandonedTooOften(5)).isTrue();
    }

    @Test
    void noDelayWhenTheInitialDelayIsZero() {
        ReplyRetrySchedule schedule = new ReplyRetrySchedule(new RetryPolicy(3, 0, 2.0), () -> 1.0);

        assertThat(schedule.delayMs(2)).isZero();
    }
}
