package io.wagateway.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.webhook.FormBody;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A crash after the provider accepted a send but before its id was stored never causes a second send: a
 * claim whose worker stopped renewing it (here: a row claimed by a worker that no longer exists, its lease
 * expired) is failed as {@code send_interrupted}, not resent, and goes out again only when an operator
 * retries it through {@code POST /api/failures/{id}/retry}.
 */
class InterruptedSendTest extends GatewayIntegrationTest {

    private static final String DEAD_WORKER = "4242@crashed-host";
    private final ObjectMapper json = new ObjectMapper();

    /** An outgoing message claimed by a worker that died during the provider call: its lease ran out. */
    private UUID claimedByADeadWorker(UUID conversation, String text) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_messages (conversation_id, provider, role, content, metadata, delivery_status,
                                            next_attempt_at, send_attempts, locked_until, locked_by)
                SELECT id, provider, 'assistant', ?, '{"author":"agent"}', 'pending', now() - interval '1 minute', 1,
                       now() - interval '1 second', ?
                  FROM kommo_conversations WHERE id = ? RETURNING id""", UUID.class, text, DEAD_WORKER, conversation);
    }

    private int twilioRequests() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).size();
    }

    private Map<String, Object> row(UUID message) {
        return jdbc.queryForMap("SELECT delivery_status, delivery_error_code, delivery_error, send_attempts, "
                + "provider_message_id, locked_until, metadata::text AS metadata FROM kommo_messages WHERE id = ?",
                message);
    }

    private HttpResponse<String> retry(UUID message) {
        return send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/failures/" + message + "/retry"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void expiredClaimIsFailedAsInterruptedWithoutARequestThenSentOnceWhenAnOperatorRetriesIt() throws Exception {
        UUID conversation = twilioConversation("+5511999990201", "1 hour");
        UUID message = claimedByADeadWorker(conversation, "Your table is booked for 8 pm.");

        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(row(message).get("delivery_status")));

        Map<String, Object> failed = row(message);
        assertThat(failed).containsEntry("delivery_error_code", "send_interrupted").containsEntry("locked_until", null);
        assertThat(failed.get("delivery_error")).asString().contains(DEAD_WORKER)
                .contains("not sent again automatically");
        // the provider may have taken it before the worker died: nothing is sent on the gateway's own
        workers().awaitSendsSettled();
        assertThat(twilioRequests()).isZero();
        JsonNode failures = json.readTree(get("/api/failures").body()).get("failures");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("messageId").asText()).isEqualTo(message.toString());
        assertThat(failures.get(0).get("errorCode").asText()).isEqualTo("send_interrupted");

        HttpResponse<String> retried = retry(message);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        JsonNode answer = json.readTree(retried.body());
        assertThat(answer.get("messageId").asText()).isEqualTo(message.toString());
        assertThat(answer.get("conversationId").asText()).isEqualTo(conversation.toString());
        assertThat(answer.get("deliveryStatus").asText()).isEqualTo("pending");
        assertThat(answer.get("operatorRetries").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(message).get("delivery_status")));
        Map<String, Object> sent = row(message);
        assertThat((String) sent.get("provider_message_id")).startsWith("SM");
        assertThat(sent).containsEntry("delivery_error_code", null).containsEntry("send_attempts", 1);
        JsonNode metadata = json.readTree((String) sent.get("metadata"));
        assertThat(metadata.get("operatorRetries").asInt()).isEqualTo(1);
        assertThat(metadata.get("lastFailure").get("code").asText()).isEqualTo("send_interrupted");
        workers().awaitSendsSettled();
        assertThat(twilioRequests()).isEqualTo(1);
        assertThat(FormBody.parse(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).get(0)
                .getBody())).containsEntry("Body", "Your table is booked for 8 pm.");
        assertThat(json.readTree(get("/api/failures").body()).get("failures")).isEmpty();
    }

    @Test
    void anInterruptedEarlierMessageDoesNotHoldBackTheConversationsLaterOnes() {
        UUID conversation = twilioConversation("+5511999990202", "1 hour");
        UUID interrupted = claimedByADeadWorker(conversation, "first");
        UUID later = pendingMessage(conversation, "second");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(row(later).get("delivery_status")));

        assertThat(row(interrupted)).containsEntry("delivery_status", "failed")
                .containsEntry("delivery_error_code", "send_interrupted");
        workers().awaitSendsSettled();
        assertThat(twilioRequests()).isEqualTo(1);
        assertThat(FormBody.parse(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).get(0)
                .getBody())).containsEntry("Body", "second");
    }

    @Test
    void aClaimWhoseLeaseHasNotRunOutIsLeftToItsWorker() {
        UUID conversation = twilioConversation("+5511999990203", "1 hour");
        UUID inFlight = jdbc.queryForObject("""
                INSERT INTO kommo_messages (conversation_id, provider, role, content, delivery_status, next_attempt_at,
                                            send_attempts, locked_until, locked_by)
                SELECT id, provider, 'assistant', 'in flight elsewhere', 'pending', now(), 1,
                       now() + interval '1 hour', 'another-live-instance'
                  FROM kommo_conversations WHERE id = ? RETURNING id""", UUID.class, conversation);

        // whole polls go by: the claim is neither taken again nor failed
        workers().awaitSendsSettled();
        assertThat(row(inFlight)).containsEntry("delivery_status", "pending");
        assertThat(twilioRequests()).isZero();

        // that instance records its outcome (accepted) before the next test truncates
        jdbc.update("UPDATE kommo_messages SET delivery_status = 'accepted', locked_until = NULL WHERE id = ?",
                inFlight);
    }
}
