package io.wagateway.outbound;

import static io.wagateway.outbound.SendVariables.DELIVERY_ERROR;
import static io.wagateway.outbound.SendVariables.DELIVERY_ERROR_CODE;
import static io.wagateway.outbound.SendVariables.RETRY_DELAY_MS;

import io.wagateway.worker.RetryAfter;
import io.wagateway.worker.RetryPolicy;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What becomes of a send that failed in a way worth another try ({@link Delivery#retryable}): while attempts
 * remain ({@code RETRY_MAX_ATTEMPTS} in all; the claim counted this one in {@code send_attempts}) it waits
 * on its row until the {@link RetryPolicy} delay has passed, honouring the provider's {@code Retry-After};
 * then it is {@code failed} as {@value #RETRIES_EXHAUSTED}, with the last failure in its reason.
 */
@Component("sendRetry")
public class SendRetry {

    public static final String RETRIES_EXHAUSTED = "retries_exhausted";

    private final RetryPolicy policy;

    public SendRetry(RetryPolicy policy) {
        this.policy = policy;
    }

    /**
     * send-reply, after the provider's answer: the variable {@code delivery} becomes a schedule or a final failure,
     * by the attempts of the claimed message ({@link OutgoingMessage#sendAttempts}).
     */
    public void decide(Exchange exchange) {
        if (!Delivery.isRetryable(exchange)) {
            return;
        }
        Map<String, Object> delivery = Delivery.of(exchange);
        int attempts = OutgoingMessage.of(exchange).sendAttempts();
        if (attempts >= policy.maxAttempts()) {
            Delivery.failed(exchange, RETRIES_EXHAUSTED, attempts + (attempts == 1 ? " attempt" : " attempts")
                    + " failed; the last: " + delivery.get(DELIVERY_ERROR_CODE) + ": " + delivery.get(DELIVERY_ERROR));
            return;
        }
        delivery.put(RETRY_DELAY_MS, policy.delayMs(attempts,
                RetryAfter.parse((String) delivery.get(Delivery.RETRY_AFTER), Instant.now())));
    }
}
