package io.wagateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wagateway.operations.GatewayMetrics;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Which counter an outcome of the send path moves. */
class SendMetricsTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SendMetrics metrics = new SendMetrics(new GatewayMetrics(registry),
            new OutboundWindow("", "", "reengage", "", 900));

    @AfterAll
    static void stopCamel() throws java.io.IOException {
        CAMEL.close();
    }

    @Test
    void acceptedTextIsAReplySentAndAcceptedTemplateATemplateSent() {
        metrics.sent(claimed("meta", OutboundWindow.TEXT, DeliveryStatus.ACCEPTED, null));
        metrics.sent(claimed("twilio", OutboundWindow.TEMPLATE, DeliveryStatus.ACCEPTED, null));
        metrics.sent(claimed("twilio", OutboundWindow.TEXT, DeliveryStatus.SENT, null));

        assertThat(count(GatewayMetrics.REPLIES_SENT, "meta")).isEqualTo(1);
        assertThat(count(GatewayMetrics.REPLIES_SENT, "twilio")).isEqualTo(1);
        assertThat(count(GatewayMetrics.TEMPLATES_SENT, "twilio")).isEqualTo(1);
        assertThat(count(GatewayMetrics.TEMPLATES_SENT, "meta")).isZero();
    }

    @Test
    void dryRunCountsNothingQueuedCountsQueued() {
        metrics.sent(claimed("kommo", OutboundWindow.TEXT, DeliveryStatus.DRY_RUN, null));
        metrics.sent(claimed("twilio", OutboundWindow.QUEUE, DeliveryStatus.QUEUED, null));

        assertThat(count(GatewayMetrics.REPLIES_SENT, "kommo")).isZero();
        assertThat(count(GatewayMetrics.QUEUED, "twilio")).isEqualTo(1);
    }

    @Test
    void aRefusalIsFailedUnlessItIsForTheClosedWindowWhichIsDecidedWhenRetried() {
        metrics.sent(claimed("twilio", OutboundWindow.TEXT, DeliveryStatus.FAILED, "21211"));
        metrics.sent(claimed("twilio", OutboundWindow.TEXT, DeliveryStatus.FAILED, "63016"));
        assertThat(count(GatewayMetrics.FAILED, "twilio")).isEqualTo(1);

        // retry-outside-window could not send it again: now it is final
        Exchange refusedForTheWindow = claimed("twilio", OutboundWindow.TEXT, DeliveryStatus.FAILED, "63016");
        refusedForTheWindow.setVariable(SendVariables.PROVIDER, "twilio");
        metrics.notRetried(refusedForTheWindow);
        assertThat(count(GatewayMetrics.FAILED, "twilio")).isEqualTo(2);
    }

    @Test
    void aScheduledRetryIsARetryNotAFailureAndAnInterruptedSendIsAFailure() {
        metrics.retryScheduled(claimed("kommo", OutboundWindow.TEXT, DeliveryStatus.PENDING, null));
        metrics.retryScheduled(claimed("kommo", OutboundWindow.TEXT, DeliveryStatus.PENDING, null));
        metrics.interrupted(exchange(Map.of("messageId", "m", "provider", "meta")));

        assertThat(count(GatewayMetrics.SEND_RETRIES, "kommo")).isEqualTo(2);
        assertThat(count(GatewayMetrics.FAILED, "kommo")).isZero();
        assertThat(count(GatewayMetrics.FAILED, "meta")).isEqualTo(1);
        assertThat(count(GatewayMetrics.SEND_RETRIES, "meta")).isZero();
    }

    @Test
    void aFailedStatusReportIsFailedUnlessForTheClosedWindow() {
        metrics.reported(report("meta", DeliveryStatus.FAILED, "130472"));
        metrics.reported(report("meta", DeliveryStatus.FAILED, "131047"));
        metrics.reported(report("meta", DeliveryStatus.DELIVERED, null));

        assertThat(count(GatewayMetrics.FAILED, "meta")).isEqualTo(1);
    }

    @Test
    void anApiMessageQueuedAtOnceIsQueued() {
        Exchange queued = exchange(Map.of("messageId", "m1", "deliveryStatus", DeliveryStatus.QUEUED));
        queued.setVariable("provider", "meta");
        Exchange pending = exchange(Map.of("messageId", "m2", "deliveryStatus", DeliveryStatus.PENDING));
        pending.setVariable("provider", "meta");

        metrics.enqueued(queued);
        metrics.enqueued(pending);

        assertThat(count(GatewayMetrics.QUEUED, "meta")).isEqualTo(1);
    }

    private double count(String name, String provider) {
        return registry.get(name).tag("provider", provider).counter().count();
    }

    /** A claimed outgoing message after delivery-record: the message as body, how it went out, what came back. */
    private static Exchange claimed(String provider, String sendAs, String status, String errorCode) {
        OutgoingMessage outgoing = ClaimedRows.message(provider);
        Exchange exchange = exchange(outgoing);
        exchange.setVariable(SendVariables.OUTGOING, outgoing);
        exchange.setVariable("messageId", outgoing.messageId());
        exchange.setVariable("sendAs", sendAs);
        if (DeliveryStatus.FAILED.equals(status)) {
            Delivery.failed(exchange, errorCode, "refused");
        } else {
            Delivery.record(exchange, status, null);
        }
        return exchange;
    }

    private static Exchange report(String provider, String status, String errorCode) {
        Map<String, Object> update = new HashMap<>();
        update.put("provider", provider);
        update.put("providerMessageId", "wamid.1");
        update.put("deliveryStatus", status);
        update.put("deliveryErrorCode", errorCode);
        return exchange(update);
    }

    private static Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
