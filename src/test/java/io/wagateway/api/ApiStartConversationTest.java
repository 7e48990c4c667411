package io.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/messages}: a conversation started by the business. */
class ApiStartConversationTest extends ApiIntegrationTestBase {

    private static final String PATH = "/api/messages";

    @Test
    void aNewTwilioConversationIsCreatedAndItsMessageQueuedWithoutATemplate() {
        JsonNode answer = callJson("POST", PATH, body("provider", "twilio", "phone", "+5511999990001",
                "text", "Your appointment is tomorrow at 10:00", "contactName", "Ana"), 202);

        assertThat(answer.get("delivery").asText()).isEqualTo("queued");
        assertThat(answer.get("deliveryStatus").asText()).isEqualTo("queued");
        UUID id = UUID.fromString(answer.get("conversationId").asText());
        Map<String, Object> conversation = jdbc.queryForMap("""
                SELECT provider, phone, contact_name, status, kommo_chat_id, last_user_message_at
                  FROM kommo_conversations WHERE id = ?""", id);
        assertThat(conversation).containsEntry("provider", "twilio").containsEntry("phone", "+5511999990001")
                .containsEntry("contact_name", "Ana").containsEntry("status", "active")
                .containsEntry("kommo_chat_id", null).containsEntry("last_user_message_at", null);
        Map<String, Object> message = jdbc.queryForMap("""
                SELECT id, role, content, delivery_status, metadata::text AS metadata
                  FROM kommo_messages WHERE conversation_id = ?""", id);
        assertThat(message.get("id").toString()).isEqualTo(answer.get("messageId").asText());
        assertThat(message).containsEntry("role", "assistant").containsEntry("delivery_status", "queued")
                .containsEntry("content", "Your appointment is tomorrow at 10:00")
                .containsEntry("metadata", "{\"author\": \"agent\"}");
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).isEmpty();

        JsonNode listed = getJson("/api/conversations/" + id, 200);
        assertThat(listed.get("withinWindow").asBoolean()).isFalse();
        assertThat(listed.get("contactName").asText()).isEqualTo("Ana");
    }

    @Test
    void aNewMetaConversationIsQueuedToo() {
        JsonNode answer = callJson("POST", PATH, body("provider", "meta", "phone", "+14155550123", "text", "Hi",
                "author", "system"), 202);

        assertThat(answer.get("delivery").asText()).isEqualTo("queued");
        assertThat(jdbc.queryForMap("SELECT provider, contact_name FROM kommo_conversations WHERE id = ?::uuid",
                answer.get("conversationId").asText())).containsEntry("provider", "meta")
                .containsEntry("contact_name", null);
        assertThat(jdbc.queryForObject("SELECT metadata->>'author' FROM kommo_messages", String.class))
                .isEqualTo("system");
    }

    @Test
    void theConversationOfAKnownNumberIsReusedAndInsideItsWindowTheMessageIs201Sent() {
        UUID existing = conversation("twilio", "+5511999990001", "active", "2 hours");
        lastUserMessage(existing, "2 hours");

        JsonNode answer = callJson("POST", PATH, body("provider", "twilio", "phone", "+5511999990001",
                "text", "Following up on your question"), 201);

        assertThat(answer.get("conversationId").asText()).isEqualTo(existing.toString());
        assertThat(answer.get("delivery").asText()).isEqualTo("sent");
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).size() == 1);

        // the same number with the other provider is another conversation
        JsonNode meta = callJson("POST", PATH, body("provider", "meta", "phone", "+5511999990001", "text", "Hi"), 202);
        assertThat(meta.get("conversationId").asText()).isNotEqualTo(existing.toString());
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(2);
    }

    @Test
    void aClosedConversationIs409AndIsLeftAsItWas() {
        UUID closed = conversation("twilio", "+5511999990001", "closed", "3 hours");
        String before = jdbc.queryForObject("SELECT last_message_at::text FROM kommo_conversations WHERE id = ?",
                String.class, closed);

        JsonNode error = callJson("POST", PATH, body("provider", "twilio", "phone", "+5511999990001", "text", "Hi",
                "contactName", "Someone Else"), 409);

        assertThat(error.get("error").asText()).isEqualTo("conversation closed");
        assertThat(jdbc.queryForMap("SELECT last_message_at::text AS at, contact_name FROM kommo_conversations "
                + "WHERE id = ?", closed)).containsEntry("at", before).containsEntry("contact_name", null);
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void badRequestsAre400NamingTheProblemAndStoreNothing() {
        record Case(String body, String error, String detail) {
        }
        for (Case c : List.of(
                new Case(body("provider", "kommo", "phone", "+5511999990001", "text", "Hi"), "invalid field provider",
                        "provider must be one of twilio, meta (a Kommo conversation starts in Kommo)"),
                new Case(body("provider", "whatsapp", "phone", "+5511999990001", "text", "Hi"),
                        "invalid field provider", "provider must be one of twilio, meta"),
                new Case(body("provider", "TWILIO", "phone", "+5511999990001", "text", "Hi"), "invalid field provider",
                        "provider must be one of twilio, meta"),
                new Case(body("phone", "+5511999990001", "text", "Hi"), "invalid field provider",
                        "provider is required"),
                new Case(body("provider", 1, "phone", "+5511999990001", "text", "Hi"), "invalid field provider",
                        "provider must be a string"),
                new Case(body("provider", "twilio", "text", "Hi"), "invalid field phone",
                        "phone or userId is required"),
                new Case(body("provider", "meta", "userId", "BR-1582043977165209", "text", "Hi"),
                        "invalid field userId", "userId must be a WhatsApp user id"),
                new Case(body("provider", "meta", "userId", 1582043977165209L, "text", "Hi"), "invalid field userId",
                        "userId must be a string"),
                new Case(body("provider", "twilio", "phone", "5511999990001", "text", "Hi"), "invalid field phone",
                        "phone must be in E.164 form"),
                new Case(body("provider", "twilio", "phone", "+0511999990001", "text", "Hi"), "invalid field phone",
                        "phone must be in E.164 form"),
                new Case(body("provider", "twilio", "phone", "+55 11 99999-0001", "text", "Hi"), "invalid field phone",
                        "phone must be in E.164 form"),
                new Case(body("provider", "twilio", "phone", "+1234567890123456", "text", "Hi"), "invalid field phone",
                        "phone must be in E.164 form"),
                new Case(body("provider", "twilio", "phone", "whatsapp:+5511999990001", "text", "Hi"),
                        "invalid field phone", "phone must be in E.164 form"),
                new Case(body("provider", "twilio", "phone", 5511999990001L, "text", "Hi"), "invalid field phone",
                        "phone must be a string"),
                new Case(body("provider", "twilio", "phone", "+5511999990001"), "invalid field text",
                        "text is required"),
                new Case(body("provider", "twilio", "phone", "+5511999990001", "text", "  "), "invalid field text",
                        "text must not be blank"),
                new Case(body("provider", "twilio", "phone", "+5511999990001", "text", "x".repeat(1601)),
                        "invalid field text", "text must be at most 1600 characters for twilio"),
                new Case(body("provider", "meta", "phone", "+5511999990001", "text", "x".repeat(4097)),
                        "invalid field text", "text must be at most 4096 characters for meta"),
                new Case(body("provider", "twilio", "phone", "+5511999990001", "text", "Hi", "contactName", 7),
                        "invalid field contactName", "contactName must be a string"),
                new Case(body("provider", "twilio", "phone", "+5511999990001", "text", "Hi", "contactName",
                        "n".repeat(257)), "invalid field contactName", "contactName must be at most 256 characters"),
                new Case(body("provider", "twilio", "phone", "+5511999990001", "text", "Hi", "author", "ai"),
                        "invalid field author", "author must be one of agent, system"),
                new Case(body("provider", "twilio", "phone", "+5511999990001", "text", "Hi", "conversationId",
                        UUID.randomUUID().toString()), "unknown field conversationId",
                        "the body may have only provider, phone, userId, text, contactName, author"),
                new Case("{\"provider\": \"twilio\",", "invalid JSON", "the body is not valid JSON"),
                new Case("[]", "invalid JSON", "the body must be a JSON object"),
                new Case("", "invalid JSON", "the body is empty"))) {
            JsonNode error = callJson("POST", PATH, c.body(), 400);

            String what = c.body().length() > 80 ? c.body().substring(0, 80) : c.body();
            assertThat(error.get("error").asText()).as(what).isEqualTo(c.error());
            assertThat(error.get("detail").asText()).as(what).contains(c.detail());
        }
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }
}
