package io.wagateway.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.GRAPH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.support.FallbackTemplates;
import io.wagateway.support.GatewayIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Outside the 24-hour window, Meta gets the approved template META_FALLBACK_TEMPLATE. */
@TestPropertySource(properties = {FallbackTemplates.TWILIO, FallbackTemplates.META, FallbackTemplates.META_LANGUAGE,
        FallbackTemplates.TEXT_MODE})
class MetaWindowTemplateTest extends GatewayIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void graphAccepts() {
        MetaWebhooks.graphAccepts();
    }

    @Test
    void outsideTheWindowTheTemplateGoesOutWithTheTextAsItsBodyParameter() throws Exception {
        UUID conversation = jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, last_user_message_at)
                VALUES ('meta', '+16505551234', now() - interval '30 hours') RETURNING id""", UUID.class);
        UUID message = jdbc.queryForObject("""
                INSERT INTO kommo_messages (conversation_id, provider, role, content, delivery_status, next_attempt_at)
                VALUES (?, 'meta', 'assistant', 'Your order shipped.', 'pending', now()) RETURNING id""",
                UUID.class, conversation);

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(jdbc.queryForObject(
                "SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, message)));

        List<LoggedRequest> sent = GRAPH.findAll(postRequestedFor(urlPathEqualTo(MetaWebhooks.MESSAGES_PATH)));
        assertThat(sent).hasSize(1);
        JsonNode request = json.readTree(sent.get(0).getBodyAsString());
        assertThat(request).isEqualTo(json.readTree("""
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"template",
                 "template":{"name":"order_update","language":{"policy":"deterministic","code":"pt_BR"},
                 "components":[{"type":"body","parameters":[{"type":"text","text":"Your order shipped."}]}]}}"""));
        assertThat(jdbc.queryForObject("SELECT metadata->'template'->>'name' FROM kommo_messages WHERE id = ?",
                String.class, message)).isEqualTo("order_update");
    }

    @Test
    void aMultiLineTextBecomesTheTemplatesOneLineParameter() throws Exception {
        UUID conversation = jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, last_user_message_at)
                VALUES ('meta', '+16505551234', now() - interval '30 hours') RETURNING id""", UUID.class);
        UUID message = pendingMessage(conversation, "Line one\nline two\t\tand     five spaces");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(jdbc.queryForObject(
                "SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, message)));

        JsonNode request = json.readTree(GRAPH.findAll(postRequestedFor(urlPathEqualTo(MetaWebhooks.MESSAGES_PATH)))
                .get(0).getBodyAsString());
        assertThat(request.at("/template/components/0/parameters/0/text").asText())
                .isEqualTo("Line one line two and five spaces");
    }

    @Test
    void aTextOverTheTemplatesBoundIsQueuedAndTheTemplateInvitesTheUserBackByName() throws Exception {
        UUID conversation = jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, contact_name, last_user_message_at)
                VALUES ('meta', '+16505551234', 'Kerry', now() - interval '30 hours') RETURNING id""", UUID.class);
        UUID message = pendingMessage(conversation, "x".repeat(901));

        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(jdbc.queryForObject(
                "SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, message)));
        await().atMost(Duration.ofSeconds(20)).until(() -> GRAPH.findAll(postRequestedFor(urlPathEqualTo(
                MetaWebhooks.MESSAGES_PATH))).size() == 1);

        JsonNode request = json.readTree(GRAPH.findAll(postRequestedFor(urlPathEqualTo(MetaWebhooks.MESSAGES_PATH)))
                .get(0).getBodyAsString());
        assertThat(request.at("/template/name").asText()).isEqualTo("order_update");
        assertThat(request.at("/template/components/0/parameters/0/text").asText()).isEqualTo("Kerry");
    }
}
