package io.wagateway.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.Provider;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The gateway's own metrics (Micrometer; Prometheus shows them as {@code wagateway_*} at
 * {@code /actuator/prometheus}), next to Camel's per-route exchange counts and timings:
 *
 * <ul>
 * <li>{@code wagateway.messages.received{provider}}: user messages stored (a redelivery is not counted);</li>
 * <li>{@code wagateway.replies.sent{provider}}: outgoing free-form messages a provider accepted (AI
 *     replies, agents' and system messages; a dry run is not counted);</li>
 * <li>{@code wagateway.templates.sent{provider}}: fallback templates a provider accepted outside the window;</li>
 * <li>{@code wagateway.messages.queued{provider}}: outgoing messages held until the window reopens;</li>
 * <li>{@code wagateway.messages.failed{provider}}: outgoing messages that finally failed: refused at once,
 *     out of attempts, interrupted, or reported failed later (a refusal for the closed window that goes out
 *     again as a template or queued is counted there, not here);</li>
 * <li>{@code wagateway.send.retries{provider}}: failed sends scheduled for another attempt (a network
 *     error, a timeout, 5xx or 429; the final failure, if it comes to that, is counted as failed);</li>
 * <li>{@code wagateway.webhook.responses{provider, path, status}}: the status code of every webhook answer
 *     ({@link WebhookMetricsFilter});</li>
 * <li>{@code wagateway.ai.latency{outcome}}: a timer around each call to the assistant (a failed call is
 *     tried again later, as a new call), {@code outcome} {@code success} or {@code failure}.</li>
 * </ul>
 * The reply worker's retries, dead letters and lost claims are counted by {@link ReplyMetrics}; the outcomes of
 * sends are read from the send routes' exchanges by {@code outbound.SendMetrics}.
 *
 * The routes call it with {@code .process(metrics::received)} and the like, at the step where the event is
 * final (after the commit, after the delivery is recorded).
 */
@Component("gatewayMetrics")
public class GatewayMetrics {

    public static final String RECEIVED = "wagateway.messages.received";
    public static final String REPLIES_SENT = "wagateway.replies.sent";
    public static final String TEMPLATES_SENT = "wagateway.templates.sent";
    public static final String QUEUED = "wagateway.messages.queued";
    public static final String FAILED = "wagateway.messages.failed";
    public static final String SEND_RETRIES = "wagateway.send.retries";
    public static final String WEBHOOK_RESPONSES = "wagateway.webhook.responses";
    public static final String AI_LATENCY = "wagateway.ai.latency";

    /** The exchange variable saying whether the assistant call failed, read by {@link #aiCallFinished}. */
    public static final String AI_FAILED = "aiFailed";
    private static final String AI_SAMPLE = "wagateway.aiCallSample";

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            RECEIVED, "User messages stored (redeliveries not counted)",
            REPLIES_SENT, "Outgoing free-form messages accepted by the provider",
            TEMPLATES_SENT, "Fallback templates accepted by the provider outside the 24-hour window",
            QUEUED, "Outgoing messages held until the 24-hour window reopens",
            FAILED, "Outgoing messages that finally failed",
            SEND_RETRIES, "Failed sends scheduled for another attempt");

    private final MeterRegistry registry;
    private final Timer aiSuccess;
    private final Timer aiFailure;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        // every provider's series exists from the start, at 0, so that rate() and increase() see the first event
        for (Provider provider : Provider.values()) {
            for (String name : new String[] {RECEIVED, REPLIES_SENT, TEMPLATES_SENT, QUEUED, FAILED, SEND_RETRIES}) {
                counter(name, provider.id());
            }
        }
        this.aiSuccess = aiTimer("success");
        this.aiFailure = aiTimer("failure");
    }

    // ---- the events, for Java callers and tests

    public void messageReceived(String provider) {
        counter(RECEIVED, provider).increment();
    }

    public void replySent(String provider) {
        counter(REPLIES_SENT, provider).increment();
    }

    public void templateSent(String provider) {
        counter(TEMPLATES_SENT, provider).increment();
    }

    public void messageQueued(String provider) {
        counter(QUEUED, provider).increment();
    }

    public void messageFailed(String provider) {
        counter(FAILED, provider).increment();
    }

    public void sendRetried(String provider) {
        counter(SEND_RETRIES, provider).increment();
    }

    public void webhookResponse(String provider, String path, int status) {
        Counter.builder(WEBHOOK_RESPONSES)
                .description("Answers to the providers' webhooks, by status code")
                .tag("provider", provider).tag("path", path).tag("status", Integer.toString(status))
                .register(registry).increment();
    }

    // ---- route steps: .process(metrics::...)

    /** conversation-save, after the commit: the body is the canonical message that was stored. */
    public void received(Exchange exchange) {
        CanonicalMessage message = exchange.getMessage().getBody(CanonicalMessage.class);
        if (message != null && message.provider() != null) {
            messageReceived(message.provider().id());
        }
    }

    /** Before the assistant call. */
    public void aiCallStarted(Exchange exchange) {
        exchange.setVariable(AI_SAMPLE, Timer.start(registry));
    }

    /** After the assistant call; variable {@value #AI_FAILED} says how it ended. */
    public void aiCallFinished(Exchange exchange) {
        Timer.Sample sample = exchange.getVariable(AI_SAMPLE, Timer.Sample.class);
        if (sample != null) {
            sample.stop(Boolean.TRUE.equals(exchange.getVariable(AI_FAILED, Boolean.class)) ? aiFailure : aiSuccess);
            exchange.removeVariable(AI_SAMPLE);
        }
    }

    private Counter counter(String name, String provider) {
        return Counter.builder(name).description(DESCRIPTIONS.get(name)).tag("provider", provider).register(registry);
    }

    private Timer aiTimer(String outcome) {
        return Timer.builder(AI_LATENCY)
                .description("One call to the assistant")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
    }
}
