package io.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.webhook.FormBody;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/failures} (the outgoing messages that finally failed, with the reason) and
 * {@code POST /api/failures/{id}/retry} (one of them again, through the normal send path).
 */
class ApiFailuresTest extends ApiIntegrationTestBase {

    /** An outgoing message that failed {@code ago} (a PostgreSQL interval) ago. */
    private UUID failedMessage(UUID conversation, String text, String code, String reason, String ago) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_messages (conversation_id, provider, role, content, metadata, delivery_status,
                                            delivery_error_code, delivery_error, delivery_updated_at, send_attempts,
                                            next_attempt_at)
                SELECT id, provider, 'assistant', ?, '{"author":"assistant"}', 'failed', ?, ?,
                       now() - CAST(? AS interval), 3, now() - interval '1 day'
                  FROM kommo_conversations WHERE id = ? RETURNING id""", UUID.class, text, code, reason, ago,
                conversation);
    }

    private UUID messageWithStatus(UUID conversation, String role, String status) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_messages (conversation_id, provider, role, content, delivery_status)
                SELECT id, provider, ?, 'hello', ? FROM kommo_conversations WHERE id = ? RETURNING id""",
                UUID.class, role, status, conversation);
    }

    private Map<String, Object> row(UUID message) {
        return jdbc.queryForMap("SELECT delivery_status, delivery_error_code, delivery_error, send_attempts, "
                + "metadata::text AS metadata FROM kommo_messages WHERE id = ?", message);
    }

    @Test
    void failuresAreListedNewestFirstWithTheirReasonAndFilteredByProvider() {
        UUID twilio = conversation("twilio", "+5511999990301", "active", "1 hour");
        UUID meta = conversation("meta", "+16505550302", "active", "1 hour");
        UUID older = failedMessage(twilio, "older", "retries_exhausted",
                "3 attempts failed; the last: 20503: Service Unavailable", "2 hours");
        UUID newer = failedMessage(meta, "newer", "131026", "Message undeliverable", "1 minute");
        messageWithStatus(twilio, "assistant", "accepted");
        messageWithStatus(twilio, "user", null);

        JsonNode all = getJson("/api/failures", 200);

        assertThat(all.get("limit").asInt()).isEqualTo(50);
        assertThat(all.get("offset").asInt()).isZero();
        JsonNode failures = all.get("failures");
        assertThat(failures).hasSize(2);
        assertThat(failures.get(0).get("messageId").asText()).isEqualTo(newer.toString());
        JsonNode first = failures.get(1);
        assertThat(first.get("messageId").asText()).isEqualTo(older.toString());
        assertThat(first.get("conversationId").asText()).isEqualTo(twilio.toString());
        assertThat(first.get("provider").asText()).isEqualTo("twilio");
        assertThat(first.get("phone").asText()).isEqualTo("+5511999990301");
        assertThat(first.get("errorCode").asText()).isEqualTo("retries_exhausted");
        assertThat(first.get("reason").asText()).isEqualTo("3 attempts failed; the last: 20503: Service Unavailable");
        assertThat(first.get("attempts").asInt()).isEqualTo(3);
        assertThat(first.get("content").asText()).isEqualTo("older");
        assertThat(first.get("author").asText()).isEqualTo("assistant");
        assertThat(first.get("operatorRetries").asInt()).isZero();
        assertIsoInstant(first.get("failedAt"));

        JsonNode onlyMeta = getJson("/api/failures?provider=meta", 200).get("failures");
        assertThat(onlyMeta).hasSize(1);
        assertThat(onlyMeta.get(0).get("messageId").asText()).isEqualTo(newer.toString());
        JsonNode secondPage = getJson("/api/failures?limit=1&offset=1", 200).get("failures");
        assertThat(secondPage).hasSize(1);
        assertThat(secondPage.get(0).get("messageId").asText()).isEqualTo(older.toString());
    }

    @Test
    void invalidListParametersAre400NamingThem() {
        assertThat(getJson("/api/failures?provider=whatsapp", 400).get("error").asText())
                .isEqualTo("invalid parameter provider");
        assertThat(getJson("/api/failures?limit=0", 400).get("error").asText()).isEqualTo("invalid parameter limit");
        assertThat(getJson("/api/failures?offset=-1", 400).get("error").asText()).isEqualTo("invalid parameter offset");
    }

    @Test
    void retryAnswers202AndSendsTheMessageOnceThroughTheNormalSendPath() throws Exception {
        UUID conversation = conversation("twilio", "+5511999990303", "active", "1 hour");
        lastUserMessage(conversation, "1 hour");
        UUID message = failedMessage(conversation, "We are open until 6 pm.", "retries_exhausted",
                "3 attempts failed; the last: timeout: SocketTimeoutException: Read timed out", "5 minutes");

        JsonNode answer = callJson("POST", "/api/failures/" + message + "/retry", null, 202);

        assertThat(answer.get("messageId").asText()).isEqualTo(message.toString());
        assertThat(answer.get("conversationId").asText()).isEqualTo(conversation.toString());
        assertThat(answer.get("provider").asText()).isEqualTo("twilio");
        assertThat(answer.get("deliveryStatus").asText()).isEqualTo("pending");
        assertThat(answer.get("operatorRetries").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));
        Map<String, Object> sent = row(message);
        // a whole new budget of attempts: one was needed
        assertThat(sent).containsEntry("send_attempts", 1).containsEntry("delivery_error_code", null)
                .containsEntry("delivery_error", null);
        JsonNode metadata = json.readTree((String) sent.get("metadata"));
        assertThat(metadata.get("author").asText()).isEqualTo("assistant");
        assertThat(metadata.get("operatorRetries").asInt()).isEqualTo(1);
        assertThat(metadata.get("lastFailure").get("code").asText()).isEqualTo("retries_exhausted");
        assertThat(metadata.get("lastFailure").get("attempts").asInt()).isEqualTo(3);
        workers().awaitSendsSettled();
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).hasSize(1);
        assertThat(FormBody.parse(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).get(0)
                .getBody())).containsEntry("Body", "We are open until 6 pm.");
        assertThat(getJson("/api/failures", 200).get("failures")).isEmpty();
    }

    @Test
    void retriedMessageOutsideTheWindowFollowsTheWindowPolicyAndIsQueuedWithoutATemplate() {
        UUID conversation = conversation("twilio", "+5511999990304", "active", "2 days");
        lastUserMessage(conversation, "2 days");
        UUID message = failedMessage(conversation, "Are you still interested?", "21211", "invalid number", "1 hour");

        callJson("POST", "/api/failures/" + message + "/retry", null, 202);

        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(row(message).get("delivery_status")));
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).isEmpty();
    }

    @Test
    void unknownMessageIs404AndAUserMessageIsNoOutgoingOne() {
        UUID conversation = conversation("twilio", "+5511999990305", "active", "1 hour");
        UUID user = messageWithStatus(conversation, "user", null);

        JsonNode unknown = callJson("POST", "/api/failures/" + UUID.randomUUID() + "/retry", null, 404);
        assertThat(unknown.get("error").asText()).isEqualTo("outgoing message not found");
        assertThat(callJson("POST", "/api/failures/" + user + "/retry", null, 404).get("error").asText())
                .isEqualTo("outgoing message not found");
    }

    @Test
    void messageThatIsNotFailedIs409AndUnchanged() {
        UUID conversation = conversation("twilio", "+5511999990306", "active", "1 hour");
        UUID accepted = messageWithStatus(conversation, "assistant", "accepted");

        JsonNode conflict = callJson("POST", "/api/failures/" + accepted + "/retry", null, 409);

        assertThat(conflict.get("error").asText()).isEqualTo("message not failed");
        assertThat(conflict.get("detail").asText()).contains("accepted");
        assertThat(row(accepted)).containsEntry("delivery_status", "accepted");
    }

    @Test
    void failedMessageOfAClosedConversationIs409AndStaysFailed() {
        UUID conversation = conversation("twilio", "+5511999990307", "closed", "1 hour");
        UUID message = failedMessage(conversation, "bye", "21211", "invalid number", "1 hour");

        JsonNode conflict = callJson("POST", "/api/failures/" + message + "/retry", null, 409);

        assertThat(conflict.get("error").asText()).isEqualTo("conversation closed");
        assertThat(row(message)).containsEntry("delivery_status", "failed")
                .containsEntry("delivery_error_code", "21211");
    }

    @Test
    void malformedIdIs400NamingIt() {
        JsonNode invalid = callJson("POST", "/api/failures/not-a-uuid/retry", null, 400);

        assertThat(invalid.get("error").asText()).isEqualTo("invalid parameter id");
        assertThat(invalid.get("detail").asText()).isEqualTo("the message id must be a UUID");
    }

    @Test
    void withoutTheTokenBothAre401AndNothingChanges() {
        UUID conversation = conversation("twilio", "+5511999990308", "active", "1 hour");
        UUID message = failedMessage(conversation, "hi", "21211", "invalid number", "1 hour");

        HttpResponse<String> list = send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/failures")).GET().build());
        HttpResponse<String> retry = send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/failures/" + message + "/retry"))
                .header("Authorization", "Bearer wrong-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(list.statusCode()).isEqualTo(401);
        assertThat(retry.statusCode()).isEqualTo(401);
        assertThat(list.body()).doesNotContain(message.toString());
        assertThat(row(message)).containsEntry("delivery_status", "failed");
    }
}
