package io.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.KOMMO;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.support.FakeProviders;
import io.wagateway.webhook.FormBody;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/conversations/{id}/messages}: a person's or the system's message through the window. */
class ApiOutboundMessageTest extends ApiIntegrationTestBase {

    private static String path(UUID id) {
        return "/api/conversations/" + id + "/messages";
    }

    private Map<String, Object> onlyMessage(UUID conversation) {
        return jdbc.queryForMap("""
                SELECT id, provider, role, content, message_type, metadata::text AS metadata, delivery_status
                  FROM kommo_messages WHERE conversation_id = ?""", conversation);
    }

    private List<LoggedRequest> twilioRequests() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)));
    }

    @Test
    void oneMinuteBeforeTheWindowClosesTheMessageIs201SentAndReachesTwilioAsWritten() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 minute");
        lastUserMessage(id, "23 hours 59 minutes");

        JsonNode answer = callJson("POST", path(id), body("text", "Hello, this is Ana from support. ✅"), 201);

        assertThat(answer.get("delivery").asText()).isEqualTo("sent");
        assertThat(answer.get("deliveryStatus").asText()).isEqualTo("pending");
        assertThat(answer.get("conversationId").asText()).isEqualTo(id.toString());
        Map<String, Object> row = onlyMessage(id);
        assertThat(row.get("id").toString()).isEqualTo(answer.get("messageId").asText());
        assertThat(row).containsEntry("provider", "twilio").containsEntry("role", "assistant")
                .containsEntry("content", "Hello, this is Ana from support. ✅").containsEntry("message_type", "text");
        assertThat(row.get("metadata")).isEqualTo("{\"author\": \"agent\"}");
        // stored 'pending' (the answer says so); the send worker, nudged after the commit, may have sent it already
        assertThat(row.get("delivery_status")).isIn("pending", "accepted");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(onlyMessage(id).get("delivery_status")));
        assertThat(twilioRequests()).hasSize(1);
        Map<String, String> sent = FormBody.parse(twilioRequests().get(0).getBody());
        assertThat(sent).containsEntry("To", "whatsapp:+5511999990001")
                .containsEntry("Body", "Hello, this is Ana from support. ✅");
        // the person's message is no reason for the AI to speak
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
    }

    @Test
    void oneMinuteAfterTheWindowClosedWithoutATemplateTheMessageIs202QueuedAndNotSent() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 minute");
        lastUserMessage(id, "24 hours 1 minute");

        JsonNode answer = callJson("POST", path(id), body("text", "We have news about your order"), 202);

        assertThat(answer.get("delivery").asText()).isEqualTo("queued");
        assertThat(answer.get("deliveryStatus").asText()).isEqualTo("queued");
        Map<String, Object> row = onlyMessage(id);
        assertThat(row.get("id").toString()).isEqualTo(answer.get("messageId").asText());
        assertThat(row).containsEntry("delivery_status", "queued").containsEntry("role", "assistant");
        assertThat(twilioRequests()).isEmpty();
        JsonNode listed = getJson(path(id), 200).get("messages").get(0);
        assertThat(listed.get("deliveryStatus").asText()).isEqualTo("queued");
        assertThat(listed.get("metadata").get("author").asText()).isEqualTo("agent");
    }

    @Test
    void aConversationWhoseUserNeverWroteIsOutsideTheWindow() {
        UUID id = conversation("meta", "+5511999990001", "active", "1 minute");

        JsonNode answer = callJson("POST", path(id), body("text", "Hi!"), 202);

        assertThat(answer.get("delivery").asText()).isEqualTo("queued");
        assertThat(onlyMessage(id)).containsEntry("delivery_status", "queued").containsEntry("provider", "meta");
    }

    @Test
    void kommoHasNoWindowSoAMessage25HoursLaterIs201SentAndGoesOut() {
        KOMMO.stubFor(post(urlPathEqualTo("/v2/origin/custom/" + FakeProviders.KOMMO_SCOPE_ID))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"new_message\":{\"msgid\":\"0f7f0b3c-1b51-4f66-9f2b-1d3a3c1b2a01\"}}")));
        UUID id = conversation("kommo", "+5511999990001", "active", "1 minute");
        lastUserMessage(id, "25 hours");

        JsonNode answer = callJson("POST", path(id), body("text", "Following up", "author", "system"), 201);

        assertThat(answer.get("delivery").asText()).isEqualTo("sent");
        Map<String, Object> row = onlyMessage(id);
        assertThat(row.get("metadata")).isEqualTo("{\"author\": \"system\"}");
        assertThat(row.get("delivery_status")).isNotEqualTo("queued");
        await().atMost(Duration.ofSeconds(20)).until(() -> !"pending".equals(onlyMessage(id).get("delivery_status")));
        assertThat(KOMMO.findAll(postRequestedFor(urlPathEqualTo("/v2/origin/custom/" + FakeProviders.KOMMO_SCOPE_ID))))
                .isNotEmpty();
    }

    @Test
    void escalatedConversationsTakeMessagesAndAClosedOneIs409() {
        UUID escalated = conversation("twilio", "+5511999990001", "escalated", "1 minute");
        callJson("POST", path(escalated), body("text", "A person here"), 202);

        UUID closed = conversation("twilio", "+5511999990002", "closed", "1 minute");
        lastUserMessage(closed, "1 hour");
        JsonNode error = callJson("POST", path(closed), body("text", "Anyone there?"), 409);

        assertThat(error.get("error").asText()).isEqualTo("conversation closed");
        assertThat(error.get("detail").asText()).contains(closed.toString()).contains("active");
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE conversation_id = ?", closed)).isZero();

        callJson("PATCH", "/api/conversations/" + closed, body("status", "active"), 200);
        assertThat(callJson("POST", path(closed), body("text", "Back again"), 201).get("delivery").asText())
                .isEqualTo("sent");
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequests().size() == 1);
    }

    @Test
    void unknownConversationIs404AndANonUuidIdIs400() {
        UUID unknown = UUID.randomUUID();

        JsonNode error = callJson("POST", path(unknown), body("text", "Hello"), 404);

        assertThat(error.get("error").asText()).isEqualTo("conversation not found");
        assertThat(error.get("detail").asText()).contains(unknown.toString());
        assertThat(callJson("POST", "/api/conversations/42/messages", body("text", "Hello"), 400).get("error").asText())
                .isEqualTo("invalid parameter id");
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void badBodiesAre400NamingTheProblemAndStoreNothing() {
        UUID twilio = conversation("twilio", "+5511999990001", "active", "1 minute");
        UUID meta = conversation("meta", "+5511999990002", "active", "1 minute");
        record Case(UUID conversation, String body, String error, String detail) {
        }
        for (Case c : List.of(
                new Case(twilio, "{}", "invalid field text", "text is required"),
                new Case(twilio, "{\"text\": null}", "invalid field text", "text is required"),
                new Case(twilio, "{\"text\": \"\"}", "invalid field text", "text must not be blank"),
                new Case(twilio, "{\"text\": \" \\n\\t \"}", "invalid field text", "text must not be blank"),
                new Case(twilio, "{\"text\": \"\\u0000\"}", "invalid field text", "text must not be blank"),
                new Case(twilio, "{\"text\": 42}", "invalid field text", "text must be a string"),
                new Case(twilio, "{\"text\": {\"body\": \"hi\"}}", "invalid field text", "text must be a string"),
                new Case(twilio, body("text", "x".repeat(1601)), "invalid field text",
                        "text must be at most 1600 characters for twilio (it has 1601)"),
                new Case(meta, body("text", "x".repeat(4097)), "invalid field text",
                        "text must be at most 4096 characters for meta (it has 4097)"),
                new Case(twilio, body("text", "hi", "author", "bot"), "invalid field author",
                        "author must be one of agent, system"),
                new Case(twilio, body("text", "hi", "author", "assistant"), "invalid field author",
                        "author must be one of agent, system"),
                new Case(twilio, "{\"text\": \"hi\", \"author\": true}", "invalid field author",
                        "author must be a string"),
                new Case(twilio, body("text", "hi", "to", "+1555"), "unknown field to",
                        "the body may have only text, author, media, caption, filename"),
                new Case(twilio, "{\"text\": \"hi\"", "invalid JSON", "the body is not valid JSON"),
                new Case(twilio, "[\"hi\"]", "invalid JSON", "the body must be a JSON object"),
                new Case(twilio, "hi", "invalid JSON", "the body is not valid JSON"),
                new Case(twilio, "", "invalid JSON", "the body is empty"))) {
            JsonNode error = callJson("POST", path(c.conversation()), c.body(), 400);

            String what = c.body().length() > 60 ? c.body().substring(0, 60) : c.body();
            assertThat(error.get("error").asText()).as(what).isEqualTo(c.error());
            assertThat(error.get("detail").asText()).as(what).contains(c.detail());
        }
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void textsUpToTheProvidersLimitAreTakenWhole() {
        UUID twilio = conversation("twilio", "+5511999990001", "active", "1 minute");
        UUID meta = conversation("meta", "+5511999990002", "active", "1 minute");

        callJson("POST", path(twilio), body("text", "y".repeat(1600)), 202);
        callJson("POST", path(meta), body("text", "z".repeat(4096)), 202);

        assertThat(count("SELECT count(*) FROM kommo_messages WHERE length(content) = 1600 AND provider = 'twilio'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE length(content) = 4096 AND provider = 'meta'"))
                .isEqualTo(1);
    }

    @Test
    void requestHeadersCannotTurnAQueuedMessageIntoASentOne() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 minute");
        lastUserMessage(id, "2 days");

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path(id)))
                .header("Authorization", "Bearer " + API_TOKEN)
                .header("Content-Type", "application/json")
                .header("templateConfigured", "true")
                .header("author", "system")
                .header("CamelSqlQuery", "DELETE FROM kommo_conversations RETURNING id")
                .POST(HttpRequest.BodyPublishers.ofString(body("text", "hi"), StandardCharsets.UTF_8))
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(onlyMessage(id)).containsEntry("delivery_status", "queued")
                .containsEntry("metadata", "{\"author\": \"agent\"}");
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("templateConfigured"));
    }

    @Test
    void withoutATokenTheNewEndpointsAre401() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 minute");
        for (String[] call : new String[][] {{"POST", path(id)}, {"PATCH", "/api/conversations/" + id},
                {"POST", "/api/messages"}, {"GET", "/api/openapi.json"}}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + call[1]))
                    .header("Content-Type", "application/json")
                    .method(call[0], HttpRequest.BodyPublishers.ofString(
                            body("text", "hi", "status", "closed", "provider", "twilio", "phone", "+5511999990009")))
                    .build());

            assertThat(response.statusCode()).as("%s %s", call[0], call[1]).isEqualTo(401);
            assertThat(response.body()).contains("\"error\":\"unauthorized\"");
        }
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM kommo_conversations WHERE id = ?", String.class, id))
                .isEqualTo("active");
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(1);
    }

    static Map<String, Object> enqueueRequest(UUID conversation, String text, Boolean templateConfigured) {
        Map<String, Object> request = new HashMap<>();
        request.put("conversationId", conversation);
        request.put("text", text);
        request.put("author", "system");
        request.put("templateConfigured", templateConfigured);
        return request;
    }
}
