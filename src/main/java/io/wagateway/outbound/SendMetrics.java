package io.wagateway.outbound;

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
     * send-reply, after {@code delivery-record}: what happened to the claimed message (body: its row, with
     * {@code provider}; variables {@code sendAs} and {@code delivery}). A failure for the closed window is
     * left to {@link #notRetried}: the message may still go out as a template or be queued.
     */
    public void sent(Exchange exchange) {
        String provider = providerOf(exchange);
        Map<?, ?> delivery = exchange.getVariable(Delivery.VARIABLE, Map.class);
        String status = delivery == null ? null : (String) delivery.get("deliveryStatus");
        if (status == null || provider == null) {
            return;
        }
        if (ACCEPTED.contains(status)) {
            if (OutboundWindow.TEMPLATE.equals(exchange.getVariable("sendAs"))) {
                metrics.templateSent(provider);
            } else {
                metrics.replySent(provider);
            }
        } else if (DeliveryStatus.QUEUED.equals(status)) {
            metrics.messageQueued(provider);
        } else if (DeliveryStatus.FAILED.equals(status) && !isWindowError(delivery.get("deliveryErrorCode"))) {
            metrics.messageFailed(provider);
        }
    }

    /**
     * delivery-status-update, after a status was recorded: a provider reported a message failed (body: the
     * status update, with {@code provider}, {@code deliveryStatus} and {@code deliveryErrorCode}).
     */
    public void reported(Exchange exchange) {
        Map<?, ?> update = exchange.getMessage().getBody(Map.class);
        if (update != null && DeliveryStatus.FAILED.equals(update.get("deliveryStatus"))
                && !isWindowError(update.get("deliveryErrorCode")) && update.get("provider") != null) {
            metrics.messageFailed(String.valueOf(update.get("provider")));
        }
    }

    /** send-retry-schedule, after the retry was written on the row (body: the claimed row, with {@code provider}). */
    public void retryScheduled(Exchange exchange) {
        String provider = providerOf(exchange);
        if (provider != null) {
            metrics.sendRetried(provider);
        }
    }

    /** send-interrupted, for each claim failed as interrupted (body: the row, with {@code provider}). */
    public void interrupted(Exchange exchange) {
        String provider = providerOf(exchange);
        if (provider != null) {
            metrics.messageFailed(provider);
        }
    }

    /** retry-outside-window, when the message cannot take the outside-window path again: it finally failed. */
    public void notRetried(Exchange exchange) {
        String provider = providerOf(exchange);
        if (provider != null) {
            metrics.messageFailed(provider);
        }
    }

    /** outbound-enqueue / outbound-start, after the commit: a message queued at once (variable {@code provider}). */
    public void enqueued(Exchange exchange) {
        Map<?, ?> answer = exchange.getMessage().getBody(Map.class);
        Object provider = exchange.getVariable("provider");
        if (answer != null && DeliveryStatus.QUEUED.equals(answer.get("deliveryStatus")) && provider != null) {
            metrics.messageQueued(String.valueOf(provider));
        }
    }

    private static String providerOf(Exchange exchange) {
        Map<?, ?> body = exchange.getMessage().getBody(Map.class);
        Object provider = body == null ? null : body.get("provider");
        return provider == null ? null : String.valueOf(provider);
    }

    private boolean isWindowError(Object code) {
        return window.isWindowError(code);
    }
}
