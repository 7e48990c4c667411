package io.wagateway.kommo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.KOMMO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Durable retries through the Kommo Chats API (camel-http): the {@code Retry-After} header of the error
 * answer sets when the message is tried again; every attempt carries the same {@code msgid}, Kommo's
 * idempotency key.
 */
class KommoSendRetryTest extends GatewayIntegrationTest {

    private static final String MESSAGES_PATH = "/v2/origin/custom/" + FakeProviders.KOMMO_SCOPE_ID;
    private final ObjectMapper json = new ObjectMapper();

    private static ResponseDefinitionBuilder kommoCreated() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"new_message\":{"
                        + "\"conversation_id\":\"{{jsonPath request.body '$.payload.conversation_id'}}\","
                        + "\"msgid\":\"{{randomValue type='UUID'}}\","
                        + "\"ref_id\":\"{{jsonPath request.body '$.payload.msgid'}}\"}}");
    }

    private UUID kommoConversation(String chatId) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, kommo_chat_id, contact_name, last_user_message_at)
                VALUES ('kommo', ?, 'Adrbill', now() - interval '1 hour') RETURNING id""", UUID.class, chatId);
    }

    private List<LoggedRequest> kommoRequests() {
        return KOMMO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)));
    }

    private Map<String, Object> row(UUID message) {
        return jdbc.queryForMap("""
                SELECT delivery_status, delivery_error_code, delivery_error, send_attempts, provider_message_id,
                       (extract(epoch FROM next_attempt_at - delivery_updated_at) * 1000)::bigint AS wait_ms
                  FROM kommo_messages WHERE id = ?""", message);
    }

    private String msgid(LoggedRequest request) {
        try {
            return json.readTree(request.getBody()).path("payload").path("msgid").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unavailableWithRetryAfterFiveSecondsWaitsOnTheRowThenGoesOutOnceWithTheSameMsgid() {
        KOMMO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered once")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "5")
                        .withBody("{\"error\":\"maintenance\"}")));
        KOMMO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("busy")
                .whenScenarioStateIs("answered once").willReturn(kommoCreated()));
        UUID message = pendingMessage(kommoConversation("0d7c3c6e-7d1b-4d5a-9a43-5f0f4c1b2a41"), "Thanks!");

        await().atMost(Duration.ofSeconds(20)).until(() -> row(message).get("delivery_error_code") != null);

        Map<String, Object> waiting = row(message);
        assertThat(waiting).containsEntry("delivery_status", "pending").containsEntry("delivery_error_code", "http_503")
                .containsEntry("delivery_error", "{\"error\":\"maintenance\"}").containsEntry("send_attempts", 1)
                .containsEntry("wait_ms", 5000L);
        assertThat(kommoRequests()).hasSize(1);

        jdbc.update("UPDATE kommo_messages SET next_attempt_at = now() WHERE id = ?", message);

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));
        List<LoggedRequest> sent = kommoRequests();
        assertThat(sent).hasSize(2);
        assertThat(msgid(sent.get(1))).isEqualTo(msgid(sent.get(0))).isEqualTo(message.toString());
        assertThat(row(message).get("provider_message_id")).isNotNull();
    }

    @Test
    void serverErrorTwiceThenSuccessReachesKommoThreeTimesAndIsAcceptedOnce() {
        KOMMO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed once")
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"internal\"}")));
        KOMMO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("failed once").willSetStateTo("failed twice")
                .willReturn(aResponse().withStatus(429).withBody("{\"error\":\"too many requests\"}")));
        KOMMO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("failed twice").willReturn(kommoCreated()));
        UUID message = pendingMessage(kommoConversation("0d7c3c6e-7d1b-4d5a-9a43-5f0f4c1b2a42"), "Thanks!");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));

        assertThat(kommoRequests()).hasSize(3).extracting(this::msgid).containsOnly(message.toString());
        assertThat(row(message)).containsEntry("send_attempts", 3).containsEntry("delivery_error_code", null);
    }
}
