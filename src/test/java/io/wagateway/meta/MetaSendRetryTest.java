package io.wagateway.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.meta.MetaWebhooks.MESSAGES_PATH;
import static io.wagateway.support.FakeProviders.GRAPH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.wagateway.Fixtures;
import io.wagateway.support.GatewayIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Durable retries through the Graph API (camel-whatsapp): the {@code Retry-After} of an error answer reaches
 * the row although the component reports only status and body ({@link GraphHttpClient} carries it), and a
 * 5xx is tried again until it goes out, once.
 */
class MetaSendRetryTest extends GatewayIntegrationTest {

    private static final String THROTTLED =
            new String(Fixtures.bytes("meta-error-130429.json"), StandardCharsets.UTF_8);

    private UUID metaConversation(String phone) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, contact_name, last_user_message_at)
                VALUES ('meta', ?, 'Kerry', now() - interval '1 hour') RETURNING id""", UUID.class, phone);
    }

    private int graphRequests() {
        return GRAPH.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH))).size();
    }

    private Map<String, Object> row(UUID message) {
        return jdbc.queryForMap("""
                SELECT delivery_status, delivery_error_code, send_attempts, provider_message_id,
                       (extract(epoch FROM next_attempt_at - delivery_updated_at) * 1000)::bigint AS wait_ms
                  FROM kommo_messages WHERE id = ?""", message);
    }

    @Test
    void throttlingWithARetryAfterDateWaitsUntilThatDateThenGoesOutOnce() {
        String in30Seconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("throttled")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered once")
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", in30Seconds).withBody(THROTTLED)));
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("throttled")
                .whenScenarioStateIs("answered once").willReturn(MetaWebhooks.accepted()));
        UUID message = pendingMessage(metaConversation("+16505550301"), "Your parcel is on its way");

        await().atMost(Duration.ofSeconds(20)).until(() -> row(message).get("delivery_error_code") != null);

        Map<String, Object> waiting = row(message);
        assertThat(waiting).containsEntry("delivery_status", "pending").containsEntry("delivery_error_code", "130429")
                .containsEntry("send_attempts", 1);
        // until the date: at most 30 s after the failure was written (the date has whole seconds and was taken
        // before the request), and far longer than the backoff, which is 0 in tests
        assertThat((Long) waiting.get("wait_ms")).isBetween(20_000L, 30_000L);
        assertThat(graphRequests()).isEqualTo(1);

        jdbc.update("UPDATE kommo_messages SET next_attempt_at = now() WHERE id = ?", message);

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));
        assertThat((String) row(message).get("provider_message_id")).startsWith("wamid.");
        assertThat(graphRequests()).isEqualTo(2);
    }

    @Test
    void serverErrorTwiceThenSuccessReachesTheGraphApiThreeTimesAndIsAcceptedOnce() {
        String unknownError = "{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"OAuthException\","
                + "\"code\":1,\"fbtrace_id\":\"A1\"}}";
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed once")
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody(unknownError)));
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("failed once").willSetStateTo("failed twice")
                .willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")));
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("failed twice").willReturn(MetaWebhooks.accepted()));
        UUID message = pendingMessage(metaConversation("+16505550302"), "Hello");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));

        assertThat(graphRequests()).isEqualTo(3);
        assertThat(row(message)).containsEntry("send_attempts", 3).containsEntry("delivery_error_code", null);
    }

    @Test
    void everyAttemptFailingEndsFailedWithGraphsLastErrorInTheReason() {
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "0")
                .withBody("{\"error\":{\"message\":\"Service temporarily unavailable\",\"code\":2}}")));
        UUID message = pendingMessage(metaConversation("+16505550303"), "Hello");

        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(row(message).get("delivery_status")));

        assertThat(row(message)).containsEntry("delivery_error_code", "retries_exhausted");
        assertThat(jdbc.queryForObject("SELECT delivery_error FROM kommo_messages WHERE id = ?", String.class, message))
                .isEqualTo("3 attempts failed; the last: 2: Service temporarily unavailable");
        workers().awaitSendsSettled();
        assertThat(graphRequests()).isEqualTo(3);
    }
}
