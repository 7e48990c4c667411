package io.wagateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.worker.RetryPolicy;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A retryable failure: scheduled while attempts remain, failed with the last reason once they are spent. */
class SendRetryTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();
    private final SendRetry retry = new SendRetry(new RetryPolicy(3, 1000, 2.0, 60_000));

    @AfterAll
    static void stopCamel() throws java.io.IOException {
        CAMEL.close();
    }

    private static Exchange failedAttempt(int attempt, String retryAfter) {
        Exchange exchange = new DefaultExchange(CAMEL);
        Map<String, Object> row = ClaimedRows.row("twilio");
        row.put("sendAttempts", attempt);
        exchange.setVariable("messageId", "m-1");
        exchange.setVariable(SendVariables.OUTGOING, OutgoingMessage.from(row));
        Delivery.retryable(exchange, "http_503", "Service Unavailable", retryAfter);
        return exchange;
    }

    @Test
    void whileAttemptsRemainTheMessageWaitsAsPendingForTheBackoffOrTheRetryAfter() {
        Exchange second = failedAttempt(2, null);
        retry.decide(second);
        Exchange throttled = failedAttempt(1, "7");
        retry.decide(throttled);

        assertThat(Delivery.isRetryable(second)).isTrue();
        assertThat(Delivery.statusOf(second)).isEqualTo(DeliveryStatus.PENDING);
        assertThat((Long) Delivery.of(second).get("retryDelayMs")).isBetween(1600L, 2400L);
        assertThat(Delivery.of(second)).containsEntry("deliveryErrorCode", "http_503")
                .containsEntry("deliveryError", "Service Unavailable");
        assertThat(Delivery.of(throttled)).containsEntry("retryDelayMs", 7000L);
    }

    @Test
    void theLastAttemptFailingIsFinalWithTheLastFailureInTheReason() {
        Exchange last = failedAttempt(3, "7");

        retry.decide(last);

        assertThat(Delivery.isRetryable(last)).isFalse();
        Map<String, Object> delivery = Delivery.of(last);
        assertThat(delivery).containsEntry("deliveryStatus", DeliveryStatus.FAILED)
                .containsEntry("deliveryErrorCode", "retries_exhausted")
                .containsEntry("deliveryError", "3 attempts failed; the last: http_503: Service Unavailable")
                .containsEntry("messageId", "m-1");
    }

    @Test
    void aFinalOutcomeIsLeftAsItIs() {
        Exchange refused = new DefaultExchange(CAMEL);
        Delivery.failed(refused, "21211", "invalid number");

        retry.decide(refused);

        assertThat(Delivery.of(refused)).containsEntry("deliveryErrorCode", "21211")
                .doesNotContainKey("retryDelayMs");
    }
}
