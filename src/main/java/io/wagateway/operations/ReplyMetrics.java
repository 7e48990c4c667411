package io.wagateway.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The reply worker's own metrics, next to {@link GatewayMetrics} (Prometheus names in brackets):
 * <ul>
 * <li>{@code wagateway.ai.retries} ({@code wagateway_ai_retries_total}): failed model calls scheduled to be
 *     tried again;</li>
 * <li>{@code wagateway.reply.dead.letters} ({@code wagateway_reply_dead_letters_total}): reply jobs given up
 *     (table {@code reply_dead_letters}), their conversation escalated;</li>
 * <li>{@code wagateway.reply.claims.lost} ({@code wagateway_reply_claims_lost_total}): replies a worker did
 *     not store because another worker had claimed the job meanwhile (fencing).</li>
 * </ul>
 */
@Component("replyMetrics")
public class ReplyMetrics {

    public static final String AI_RETRIES = "wagateway.ai.retries";
    public static final String DEAD_LETTERS = "wagateway.reply.dead.letters";
    public static final String CLAIMS_LOST = "wagateway.reply.claims.lost";

    private final Counter aiRetries;
    private final Counter deadLetters;
    private final Counter claimsLost;

    public ReplyMetrics(MeterRegistry registry) {
        this.aiRetries = Counter.builder(AI_RETRIES)
                .description("Failed model calls scheduled to be tried again").register(registry);
        this.deadLetters = Counter.builder(DEAD_LETTERS)
                .description("Reply jobs given up after their attempts, conversation escalated").register(registry);
        this.claimsLost = Counter.builder(CLAIMS_LOST)
                .description("Replies not stored because another worker had claimed the job").register(registry);
    }

    public void aiRetryScheduled(Exchange exchange) {
        aiRetries.increment();
    }

    public void deadLettered(Exchange exchange) {
        deadLetters.increment();
    }

    public void claimLost(Exchange exchange) {
        claimsLost.increment();
    }

    public double aiRetries() {
        return aiRetries.count();
    }

    public double deadLetters() {
        return deadLetters.count();
    }

    public double claimsLost() {
        return claimsLost.count();
    }
}
