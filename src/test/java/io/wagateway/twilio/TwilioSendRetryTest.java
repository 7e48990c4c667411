package io.wagateway.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import io.wagateway.operations.GatewayMetrics;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.webhook.FormBody;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Durable, bounded retries of Twilio sends: a failure worth another try waits on the message row
 * ({@code next_attempt_at}), as long as Twilio's {@code Retry-After} asks or the backoff says, never in a
 * thread; the tests use {@code gateway.retry.max-attempts = 3} and no backoff delay.
 */
class TwilioSendRetryTest extends GatewayIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();
    @Autowired
    private MeterRegistry registry;

    private static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":"
                        + "\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
    }

    /** Twilio answers {@code first}, then {@code then} for every later request. */
    private static void twilioAnswers(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("retry")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered once").willReturn(first));
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("retry")
                .whenScenarioStateIs("answered once").willReturn(then));
    }

    private int twilioRequests() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).size();
    }

    private Map<String, Object> row(UUID message) {
        return jdbc.queryForMap("""
                SELECT delivery_status, delivery_error_code, delivery_error, send_attempts, provider_message_id,
                       locked_until, locked_by,
                       (extract(epoch FROM next_attempt_at - delivery_updated_at) * 1000)::bigint AS wait_ms
                  FROM kommo_messages WHERE id = ?""", message);
    }

    private double counter(String name) {
        return registry.get(name).tag("provider", "twilio").counter().count();
    }

    @Test
    void rateLimitWithRetryAfterSevenSecondsWaitsOnTheRowThenGoesOutOnceWhenDue() {
        twilioAnswers(twilioError(429, 20429, "Too Many Requests").withHeader("Retry-After", "7"),
                FakeProviders.twilioCreated());
        double retriesBefore = counter(GatewayMetrics.SEND_RETRIES);
        UUID message = pendingMessage(twilioConversation("+5511999990101", "1 hour"), "See you at 9.");

        await().atMost(Duration.ofSeconds(20)).until(() -> row(message).get("delivery_error_code") != null);
        Map<String, Object> waiting = row(message);
        // pending again, its claim released, Twilio's answer kept as the last error while it waits
        assertThat(waiting).containsEntry("delivery_status", "pending").containsEntry("send_attempts", 1)
                .containsEntry("delivery_error_code", "20429").containsEntry("locked_until", null)
                .containsEntry("locked_by", null);
        assertThat(waiting.get("delivery_error")).asString().contains("Too Many Requests");
        // next_attempt_at is exactly what Twilio asked for after the failure was written: 7 s, no jitter
        assertThat(waiting.get("wait_ms")).isEqualTo(7000L);
        assertThat(jdbc.queryForObject("SELECT next_attempt_at >= now() + interval '5 seconds' FROM kommo_messages "
                + "WHERE id = ?", Boolean.class, message)).isTrue();
        assertThat(twilioRequests()).isEqualTo(1);
        // counted by the step after the row's update: awaited, not read at once
        await().atMost(Duration.ofSeconds(5)).until(() -> counter(GatewayMetrics.SEND_RETRIES) - retriesBefore == 1.0);
        // the API shows the waiting message with its last error
        JsonNode listed = messagesOf(jdbc.queryForObject("SELECT conversation_id FROM kommo_messages WHERE id = ?",
                UUID.class, message));
        assertThat(listed.get(0).get("deliveryStatus").asText()).isEqualTo("pending");
        assertThat(listed.get(0).get("deliveryErrorCode").asText()).isEqualTo("20429");

        // due now (instead of waiting the 7 s): the poll sends it, once
        jdbc.update("UPDATE kommo_messages SET next_attempt_at = now() WHERE id = ?", message);

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));
        Map<String, Object> sent = row(message);
        assertThat(sent).containsEntry("send_attempts", 2).containsEntry("delivery_error_code", null)
                .containsEntry("delivery_error", null).containsEntry("locked_until", null);
        assertThat((String) sent.get("provider_message_id")).startsWith("SM");
        assertThat(twilioRequests()).isEqualTo(2);
        assertThat(FormBody.parse(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).get(1)
                .getBody())).containsEntry("Body", "See you at 9.");
    }

    @Test
    void serverErrorTwiceThenSuccessReachesTwilioThreeTimesAndIsAcceptedOnce() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed once")
                .willReturn(twilioError(503, 20503, "Service Unavailable")));
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("failed once").willSetStateTo("failed twice")
                .willReturn(aResponse().withStatus(500).withBody("<html>Internal Server Error</html>")));
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("failed twice").willReturn(FakeProviders.twilioCreated()));
        double failedBefore = counter(GatewayMetrics.FAILED);
        UUID message = pendingMessage(twilioConversation("+5511999990102", "1 hour"), "Hello again");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));

        assertThat(twilioRequests()).isEqualTo(3);
        assertThat(row(message)).containsEntry("send_attempts", 3).containsEntry("delivery_error_code", null);
        assertThat(count("SELECT count(*) FROM kommo_messages")).isEqualTo(1);
        assertThat(counter(GatewayMetrics.FAILED)).isEqualTo(failedBefore);
    }

    @Test
    void everyAttemptFailingEndsFailedWithTheReasonAndOneEntryInFailures() throws Exception {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH))
                .willReturn(twilioError(503, 20503, "Service Unavailable")));
        double failedBefore = counter(GatewayMetrics.FAILED);
        UUID conversation = twilioConversation("+5511999990103", "1 hour");
        UUID message = pendingMessage(conversation, "Your order shipped");

        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(row(message).get("delivery_status")));

        Map<String, Object> failed = row(message);
        assertThat(failed).containsEntry("delivery_error_code", "retries_exhausted").containsEntry("send_attempts", 3)
                .containsEntry("locked_until", null);
        assertThat(failed.get("delivery_error")).asString()
                .isEqualTo("3 attempts failed; the last: 20503: Service Unavailable");
        workers().awaitSendsSettled();
        assertThat(twilioRequests()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> counter(GatewayMetrics.FAILED) - failedBefore == 1.0);

        JsonNode failures = json.readTree(get("/api/failures").body()).get("failures");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("messageId").asText()).isEqualTo(message.toString());
        assertThat(failures.get(0).get("conversationId").asText()).isEqualTo(conversation.toString());
        assertThat(failures.get(0).get("provider").asText()).isEqualTo("twilio");
        assertThat(failures.get(0).get("phone").asText()).isEqualTo("+5511999990103");
        assertThat(failures.get(0).get("errorCode").asText()).isEqualTo("retries_exhausted");
        assertThat(failures.get(0).get("reason").asText()).contains("20503: Service Unavailable");
        assertThat(failures.get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(failures.get(0).get("content").asText()).isEqualTo("Your order shipped");
        assertThat(failures.get(0).get("failedAt").asText()).endsWith("Z");
    }

    @Test
    void clientErrorFailsAtOnceAfterOneRequestWithTwiliosCodeAndText() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).willReturn(twilioError(400, 21211,
                "The 'To' number is not a valid phone number.").withHeader("Retry-After", "1")));
        double retriesBefore = counter(GatewayMetrics.SEND_RETRIES);
        UUID message = pendingMessage(twilioConversation("+5511999990104", "1 hour"), "Hi");

        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(row(message).get("delivery_status")));

        assertThat(row(message)).containsEntry("delivery_error_code", "21211").containsEntry("send_attempts", 1);
        assertThat(row(message).get("delivery_error")).asString().contains("not a valid phone number");
        workers().awaitSendsSettled();
        assertThat(twilioRequests()).isEqualTo(1);
        assertThat(counter(GatewayMetrics.SEND_RETRIES)).isEqualTo(retriesBefore);
    }

    @Test
    void droppedConnectionIsANetworkErrorThatIsTriedAgain() {
        twilioAnswers(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER),
                FakeProviders.twilioCreated());
        UUID message = pendingMessage(twilioConversation("+5511999990105", "1 hour"), "Hi");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));

        assertThat(twilioRequests()).isEqualTo(2);
        assertThat(row(message)).containsEntry("send_attempts", 2);
    }

    private JsonNode messagesOf(UUID conversation) {
        try {
            return json.readTree(get("/api/conversations/" + conversation + "/messages").body()).get("messages");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
