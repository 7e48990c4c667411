package io.wagateway.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How long a failed provider send waits before its next attempt. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(4, 1000, 2.0, 60_000);

    @Test
    void theWaitGrowsExponentiallyWithTwentyPercentJitter() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayMs(1, null)).isBetween(800L, 1200L);
            assertThat(policy.delayMs(2, null)).isBetween(1600L, 2400L);
            assertThat(policy.delayMs(3, null)).isBetween(3200L, 4800L);
        }
    }

    @Test
    void jitterSpreadsTheWaitsOfSendsThatFailedTogether() {
        Set<Long> waits = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            waits.add(policy.delayMs(1, null));
        }
        assertThat(waits).hasSizeGreaterThan(10);
    }

    @Test
    void theWaitNeverExceedsTheCap() {
        assertThat(policy.delayMs(30, null)).isEqualTo(60_000L);
    }

    @Test
    void retryAfterWinsOverTheBackoffUpToTheCap() {
        assertThat(policy.delayMs(1, Duration.ofSeconds(7))).isEqualTo(7000L);
        assertThat(policy.delayMs(3, Duration.ZERO)).isZero();
        assertThat(policy.delayMs(1, Duration.ofHours(2))).isEqualTo(60_000L);
        assertThat(policy.delayMs(1, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(60_000L);
    }

    @Test
    void noInitialDelayMeansAtOnce() {
        assertThat(new RetryPolicy(3, 0, 2.0).delayMs(2, null)).isZero();
    }
}
