package io.wagateway.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.GRAPH;
import static io.wagateway.support.FakeProviders.KOMMO;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import io.wagateway.operations.GatewayMetrics;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Provider calls slower than a lease, and slower than the client's timeout. The lease is 3 s here (renewed
 * every second), Twilio's timeout 7 s, the Graph API's and Kommo's 2 s; WireMock's fixed delays play the slow
 * provider.
 */
@TestPropertySource(properties = {
        "gateway.worker.lease-seconds=3",
        "gateway.twilio.timeout-ms=7000",
        "gateway.meta.timeout-ms=2000",
        "gateway.kommo.timeout-ms=2000"})
class SlowProviderSendTest extends GatewayIntegrationTest {

    private static final String GRAPH_PATH = "/" + FakeProviders.META_API_VERSION + "/"
            + FakeProviders.META_PHONE_NUMBER_ID + "/messages";
    private static final String KOMMO_PATH = "/v2/origin/custom/" + FakeProviders.KOMMO_SCOPE_ID;

    @Autowired
    private CamelContext camel;
    @Autowired
    private MeterRegistry registry;

    private Map<String, Object> row(UUID message) {
        return jdbc.queryForMap("SELECT delivery_status, delivery_error_code, delivery_error, send_attempts, "
                + "provider_message_id, locked_until FROM kommo_messages WHERE id = ?", message);
    }

    private static int requests(WireMockServer fake, String path) {
        return fake.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    private double failedCount() {
        return registry.get(GatewayMetrics.FAILED).tag("provider", "twilio").counter().count();
    }

    /** {@code fake} answers its first request after {@code delayMs}, then {@code then} at once. */
    private static void slowOnce(WireMockServer fake, String path, ResponseDefinitionBuilder first, int delayMs,
                                 ResponseDefinitionBuilder then) {
        fake.resetAll();
        fake.stubFor(post(urlPathEqualTo(path)).inScenario("slow")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered once")
                .willReturn(first.withFixedDelay(delayMs)));
        fake.stubFor(post(urlPathEqualTo(path)).inScenario("slow")
                .whenScenarioStateIs("answered once").willReturn(then));
    }

    @Test
    void leaseRenewalKeepsASlowLiveSendFromBeingTakenForInterruptedAndItIsSentOnce() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH))
                .willReturn(FakeProviders.twilioCreated().withFixedDelay(4500)));
        double failedBefore = failedCount();
        UUID message = pendingMessage(twilioConversation("+5511999990401", "1 hour"), "slow but sure");

        await().atMost(Duration.ofSeconds(10)).until(() -> row(message).get("locked_until") != null);
        Timestamp firstLease = (Timestamp) row(message).get("locked_until");
        // while Twilio takes 4.5 s, longer than the 3 s lease, the live worker moves its lease on
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Timestamp lease = (Timestamp) row(message).get("locked_until");
            return lease != null && lease.after(firstLease);
        });
        assertThat(row(message)).containsEntry("delivery_status", "pending");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));
        assertThat(row(message)).containsEntry("delivery_error_code", null).containsEntry("send_attempts", 1);
        assertThat((String) row(message).get("provider_message_id")).startsWith("SM");
        assertThat(requests(TWILIO, TWILIO_MESSAGES_PATH)).isEqualTo(1);
        // never failed as interrupted on the way
        assertThat(failedCount()).isEqualTo(failedBefore);
    }

    @Test
    void aSendWhoseRenewalStoppedIsFailedAsInterruptedButItsRealOutcomeWinsWhenItArrives() throws Exception {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH))
                .willReturn(FakeProviders.twilioCreated().withFixedDelay(5500)));
        // as if this instance could not reach the database to renew its lease during the call
        camel.getRouteController().stopRoute("send-lease-renewal");
        try {
            UUID message = pendingMessage(twilioConversation("+5511999990402", "1 hour"), "late but true");

            await().atMost(Duration.ofSeconds(10)).until(() -> "send_interrupted".equals(
                    row(message).get("delivery_error_code")));
            assertThat(row(message)).containsEntry("delivery_status", "failed");

            await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));
            assertThat(row(message)).containsEntry("delivery_error_code", null).containsEntry("delivery_error", null);
            assertThat((String) row(message).get("provider_message_id")).startsWith("SM");
            assertThat(requests(TWILIO, TWILIO_MESSAGES_PATH)).isEqualTo(1);
        } finally {
            camel.getRouteController().startRoute("send-lease-renewal");
        }
    }

    @Test
    void twilioCallSlowerThanTheTimeoutIsTriedAgainAndAcceptedOnce() {
        slowOnce(TWILIO, TWILIO_MESSAGES_PATH, FakeProviders.twilioCreated(), 8500, FakeProviders.twilioCreated());
        double retriesBefore = registry.get(GatewayMetrics.SEND_RETRIES).tag("provider", "twilio").counter().count();
        UUID message = pendingMessage(twilioConversation("+5511999990403", "1 hour"), "timed out once");

        await().atMost(Duration.ofSeconds(30)).until(() -> "accepted".equals(row(message).get("delivery_status")));

        assertThat(requests(TWILIO, TWILIO_MESSAGES_PATH)).isEqualTo(2);
        assertThat(row(message)).containsEntry("send_attempts", 2);
        assertThat(registry.get(GatewayMetrics.SEND_RETRIES).tag("provider", "twilio").counter().count())
                .isEqualTo(retriesBefore + 1);
    }

    @Test
    void graphCallSlowerThanTheTimeoutIsTriedAgainAndAcceptedOnce() {
        slowOnce(GRAPH, GRAPH_PATH, WireMock.aResponse().withStatus(200), 3000, metaAccepted());
        UUID conversation = jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, contact_name, last_user_message_at)
                VALUES ('meta', '+16505550404', 'Kerry', now() - interval '1 hour') RETURNING id""", UUID.class);
        UUID message = pendingMessage(conversation, "timed out once");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));

        assertThat(requests(GRAPH, GRAPH_PATH)).isEqualTo(2);
        assertThat((String) row(message).get("provider_message_id")).isEqualTo("wamid.second-attempt");
    }

    @Test
    void kommoCallsThatAllTimeOutEndFailedWithTheTimeoutAsTheLastReason() {
        KOMMO.resetAll();
        KOMMO.stubFor(post(urlPathEqualTo(KOMMO_PATH)).willReturn(WireMock.aResponse().withStatus(200)
                .withBody("{}").withFixedDelay(3000)));
        UUID conversation = jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, kommo_chat_id, contact_name, last_user_message_at)
                VALUES ('kommo', '0d7c3c6e-7d1b-4d5a-9a43-5f0f4c1b2a45', 'Adrbill', now() - interval '1 hour')
                RETURNING id""", UUID.class);
        UUID message = pendingMessage(conversation, "never answered in time");

        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(row(message).get("delivery_status")));

        assertThat(row(message)).containsEntry("delivery_error_code", "retries_exhausted")
                .containsEntry("send_attempts", 3);
        assertThat(row(message).get("delivery_error")).asString().startsWith("3 attempts failed; the last: timeout: ");
        assertThat(requests(KOMMO, KOMMO_PATH)).isEqualTo(3);
    }

    private static ResponseDefinitionBuilder metaAccepted() {
        return WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"16505550404\","
                        + "\"wa_id\":\"16505550404\"}],\"messages\":[{\"id\":\"wamid.second-attempt\"}]}");
    }
}
