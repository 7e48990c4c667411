package io.wagateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The gateway's counters and timers: present from the start, moved by their events. */
class GatewayMetricsTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    @AfterAll
    static void stopCamel() throws java.io.IOException {
        CAMEL.close();
    }

    @Test
    void everyProviderStartsAtZero() {
        for (String provider : new String[] {"twilio", "meta", "kommo"}) {
            for (String name : new String[] {GatewayMetrics.RECEIVED, GatewayMetrics.REPLIES_SENT,
                    GatewayMetrics.TEMPLATES_SENT, GatewayMetrics.QUEUED, GatewayMetrics.FAILED,
                    GatewayMetrics.SEND_RETRIES}) {
                assertThat(registry.get(name).tag("provider", provider).counter().count()).isZero();
            }
        }
        assertThat(registry.get(GatewayMetrics.AI_LATENCY).tag("outcome", "success").timer().count()).isZero();
        assertThat(registry.get(GatewayMetrics.AI_LATENCY).tag("outcome", "failure").timer().count()).isZero();
    }

    @Test
    void theAiTimerRecordsTheCallByOutcome() {
        Exchange ok = exchange(null);
        metrics.aiCallStarted(ok);
        ok.setVariable(GatewayMetrics.AI_FAILED, false);
        metrics.aiCallFinished(ok);
        Exchange failed = exchange(null);
        metrics.aiCallStarted(failed);
        failed.setVariable(GatewayMetrics.AI_FAILED, true);
        metrics.aiCallFinished(failed);
        metrics.aiCallFinished(failed);

        assertThat(registry.get(GatewayMetrics.AI_LATENCY).tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get(GatewayMetrics.AI_LATENCY).tag("outcome", "failure").timer().count()).isEqualTo(1);
    }

    @Test
    void webhookResponsesAreCountedByProviderPathAndStatus() {
        metrics.webhookResponse("twilio", "/webhooks/twilio", 403);
        metrics.webhookResponse("twilio", "/webhooks/twilio", 403);
        metrics.webhookResponse("twilio", "/webhooks/twilio/status", 200);

        assertThat(registry.get(GatewayMetrics.WEBHOOK_RESPONSES).tags("provider", "twilio",
                "path", "/webhooks/twilio", "status", "403").counter().count()).isEqualTo(2);
        assertThat(registry.get(GatewayMetrics.WEBHOOK_RESPONSES).tags("status", "200").counter().count())
                .isEqualTo(1);
        assertThat(WebhookMetricsFilter.providerOf("/webhooks/twilio/status")).isEqualTo("twilio");
        assertThat(WebhookMetricsFilter.providerOf("/webhooks/meta")).isEqualTo("meta");
    }

    private static Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
