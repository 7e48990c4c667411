package io.wagateway.outbound;

import static io.wagateway.outbound.SendVariables.DELIVERY_ERROR_CODE;
import static io.wagateway.outbound.SendVariables.DELIVERY_STATUS;
import static io.wagateway.outbound.SendVariables.PROVIDER;
import static io.wagateway.outbound.SendVariables.SEND_AS;

import io.wagateway.operations.GatewayMetrics;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Reads what became of a send from the send routes' exchanges and counts it in {@link GatewayMetrics}: the
 * routes call it with {@code .process(sendMetrics::sent)} and the like, where the outcome is final.
 */
@Component
public class SendMetrics {

    /** Delivery statuses that say the provider took the message. */
    private static final Set<String> ACCEPTED = Set.of(DeliveryStatus.ACCEPTED, DeliveryStatus.SENT,
            DeliveryStatus.DELIVERED, DeliveryStatus.READ);

    private final GatewayMetrics metrics;
    private final OutboundWindow window;

    public SendMetrics(GatewayMetrics metrics, OutboundWindow window) {
        this.metrics = metrics;
        this.window = window;
    }

    /**
     * send-reply, after {@code delivery-record}: what happened to the claimed message (variables {@code outgoing},
     * {@code sendAs} and {@code delivery}). A failure for the closed window is left to {@link #notRetried}: the
     * message may still go out as a template or be queued.
     */
    public void sent(Exchange exchange) {
        String provider = OutgoingMessage.of(exchange).provider();
        String status = Delivery.statusOf(exchange);
        if (status == null || provider == null) {
            return;
        }
        if (ACCEPTED.contains(status)) {
            if (OutboundWindow.TEMPLATE.equals(exchange.getVariable(SEND_AS))) {
                metrics.templateSent(provider);
            } else {
                metrics.replySent(provider);
            }
        } else if (DeliveryStatus.QUEUED.equals(status)) {
            metrics.messageQueued(provider);
        } else if (DeliveryStatus.FAILED.equals(status) && !isWindowError(Delivery.errorCodeOf(exchange))) {
            metrics.messageFailed(provider);
        }
    }

    /**
     * delivery-status-update, after a status was recorded: a provider reported a message failed (body: the
     * status update, with {@code provider}, {@code deliveryStatus} and {@code deliveryErrorCode}).
     */
    public void reported(Exchange exchange) {
        Map<?, ?> update = exchange.getMessage().getBody(Map.class);
        if (update != null && DeliveryStatus.FAILED.equals(update.get(DELIVERY_STATUS))
                && !isWindowError(update.get(DELIVERY_ERROR_CODE)) && update.get(PROVIDER) != null) {
            metrics.messageFailed(String.valueOf(update.get(PROVIDER)));
        }
    }

    /** send-retry-schedule, after the retry was written on the row (variable {@code outgoing}). */
    public void retryScheduled(Exchange exchange) {
        String provider = OutgoingMessage.of(exchange).provider();
        if (provider != null) {
            metrics.sendRetried(provider);
        }
    }

    /** send-interrupted, for each claim failed as interrupted (body: the row, with {@code provider}). */
    public void interrupted(Exchange exchange) {
        Map<?, ?> row = exchange.getMessage().getBody(Map.class);
        Object provider = row == null ? null : row.get(PROVIDER);
        if (provider != null) {
            metrics.messageFailed(String.valueOf(provider));
        }
    }

    /**
     * retry-outside-window, when the message cannot take the outside-window path again: it finally failed
     * (variable {@code provider}).
     */
    public void notRetried(Exchange exchange) {
        String provider = exchange.getVariable(PROVIDER, String.class);
        if (provider != null) {
            metrics.messageFailed(provider);
        }
    }

    /** outbound-enqueue / outbound-start, after the commit: a message queued at once (variable {@code provider}). */
    public void enqueued(Exchange exchange) {
        Map<?, ?> answer = exchange.getMessage().getBody(Map.class);
        Object provider = exchange.getVariable(PROVIDER);
        if (answer != null && DeliveryStatus.QUEUED.equals(answer.get(DELIVERY_STATUS)) && provider != null) {
            metrics.messageQueued(String.valueOf(provider));
        }
    }

    private boolean isWindowError(Object code) {
        return window.isWindowError(code);
    }
}
