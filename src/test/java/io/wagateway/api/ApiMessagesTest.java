package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.support.TwilioWebhooks;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiMessagesTest extends ApiIntegrationTestBase {

    @Test
    void afterAWebhookTheUserMessageComesFirstThenTheAssistantReplyWithItsDeliveryStatus() {
        assertThat(postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000001", "+5511999990001",
                "Do you open on Sundays?")).statusCode()).isEqualTo(200);
        UUID id = jdbc.queryForObject("SELECT id FROM kommo_conversations", UUID.class);
        String path = "/api/conversations/" + id + "/messages";

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode messages = getJson(path, 200).get("messages");
            return messages.size() == 2 && "accepted".equals(messages.get(1).get("deliveryStatus").asText());
        });
        JsonNode answer = getJson(path, 200);

        assertThat(answer.get("conversationId").asText()).isEqualTo(id.toString());
        JsonNode user = answer.get("messages").get(0);
        assertThat(user.get("conversationId").asText()).isEqualTo(id.toString());
        assertThat(user.get("role").asText()).isEqualTo("user");
        assertThat(user.get("type").asText()).isEqualTo("text");
        assertThat(user.get("content").asText()).isEqualTo("Do you open on Sundays?");
        assertThat(user.get("provider").asText()).isEqualTo("twilio");
        assertThat(user.get("providerMessageId").asText()).isEqualTo("SM00000000000000000000000000000001");
        assertThat(user.get("deliveryStatus").isNull()).isTrue();
        assertThat(user.get("metadata").isObject()).isTrue();
        assertIsoInstant(user.get("createdAt"));

        JsonNode reply = answer.get("messages").get(1);
        assertThat(reply.get("role").asText()).isEqualTo("assistant");
        assertThat(reply.get("type").asText()).isEqualTo("text");
        assertThat(reply.get("content").asText()).isEqualTo("Hello from the fake model!");
        assertThat(reply.get("deliveryStatus").asText()).isEqualTo("accepted");
        assertThat(reply.get("providerMessageId").asText()).startsWith("SM");
        assertThat(reply.get("metadata").get("author").asText()).isEqualTo("assistant");
        assertThat(reply.get("deliveryErrorCode").isNull()).isTrue();
        assertIsoInstant(reply.get("deliveryUpdatedAt"));
        assertThat(reply.get("createdAt").asText()).isGreaterThanOrEqualTo(user.get("createdAt").asText());
    }

    @Test
    void messagesAreInInsertionOrderEvenWithTheSameTimestampAndShowDeliveryFailures() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 minute");
        // one transaction: every row has the same created_at, only seq orders them
        jdbc.execute("""
                DO $$
                DECLARE c uuid := '%s';
                BEGIN
                  INSERT INTO kommo_messages (conversation_id, provider, role, content, message_type)
                  VALUES (c, 'twilio', 'user', 'first', 'image');
                  INSERT INTO kommo_messages (conversation_id, provider, role, content, delivery_status,
                                              delivery_error_code, delivery_error, delivery_updated_at)
                  VALUES (c, 'twilio', 'assistant', 'second', 'failed', '21211', 'The ''To'' number is not valid',
                          now());
                  INSERT INTO kommo_messages (conversation_id, provider, role, content, message_type)
                  VALUES (c, 'twilio', 'user', 'third', 'location');
                END $$""".formatted(id));

        JsonNode messages = getJson("/api/conversations/" + id + "/messages", 200).get("messages");

        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("content").asText()).isEqualTo("first");
        assertThat(messages.get(0).get("type").asText()).isEqualTo("image");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("second");
        assertThat(messages.get(1).get("deliveryStatus").asText()).isEqualTo("failed");
        assertThat(messages.get(1).get("deliveryErrorCode").asText()).isEqualTo("21211");
        assertThat(messages.get(1).get("deliveryError").asText()).isEqualTo("The 'To' number is not valid");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("third");
        assertThat(messages.get(2).get("type").asText()).isEqualTo("location");
    }

    @Test
    void conversationWithoutMessagesHasAnEmptyList() {
        UUID id = conversation("meta", "+5511999990001", "active", "1 minute");

        assertThat(getJson("/api/conversations/" + id + "/messages", 200).get("messages")).isEmpty();
    }

    @Test
    void messagesOfAnUnknownConversationAreA404AndOfANonUuidA400() {
        UUID unknown = UUID.randomUUID();

        assertThat(getJson("/api/conversations/" + unknown + "/messages", 404).get("error").asText())
                .isEqualTo("conversation not found");
        assertThat(getJson("/api/conversations/nope/messages", 400).get("error").asText())
                .isEqualTo("invalid parameter id");
    }
}
