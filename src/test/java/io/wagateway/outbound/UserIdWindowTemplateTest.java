package io.wagateway.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.GRAPH;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.support.FallbackTemplates;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.ProviderSends;
import io.wagateway.webhook.FormBody;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Outside the 24-hour window, a user known only by the BSUID gets the fallback template at the BSUID. */
@TestPropertySource(properties = {FallbackTemplates.TWILIO, FallbackTemplates.META, FallbackTemplates.META_LANGUAGE,
        FallbackTemplates.TEXT_MODE})
class UserIdWindowTemplateTest extends GatewayIntegrationTest {

    private static final String BSUID = "BR.1582043977165209";
    private final ObjectMapper json = new ObjectMapper();

    private UUID conversationOutsideTheWindow(String provider) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, user_id, last_user_message_at)
                VALUES (?, ?, now() - interval '30 hours') RETURNING id""", UUID.class, provider, BSUID);
    }

    private void awaitAccepted(UUID message) {
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(jdbc.queryForObject(
                "SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, message)));
    }

    @Test
    void twilioTemplateGoesToWhatsappBsuid() {
        UUID message = pendingMessage(conversationOutsideTheWindow("twilio"), "Your order shipped.");

        awaitAccepted(message);

        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).singleElement()
                .satisfies(request -> assertThat(FormBody.parse(request.getBody()))
                        .containsEntry("To", "whatsapp:" + BSUID)
                        .containsEntry("ContentSid", FallbackTemplates.TWILIO_CONTENT_SID)
                        .doesNotContainKey("Body"));
    }

    @Test
    void metaTemplateGoesToTheBsuidAsRecipient() throws Exception {
        GRAPH.stubFor(post(urlPathEqualTo(ProviderSends.META_MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + BSUID + "\","
                        + "\"user_id\":\"" + BSUID + "\"}],\"messages\":[{\"id\":\"wamid.TEMPLATE\"}]}")));
        UUID message = pendingMessage(conversationOutsideTheWindow("meta"), "Your order shipped.");

        awaitAccepted(message);

        assertThat(GRAPH.findAll(postRequestedFor(urlPathEqualTo(ProviderSends.META_MESSAGES_PATH)))).singleElement()
                .satisfies(request -> {
                    JsonNode sent = json.readTree(request.getBodyAsString());
                    assertThat(sent.path("recipient").asText()).isEqualTo(BSUID);
                    assertThat(sent.has("to")).isFalse();
                    assertThat(sent.path("type").asText()).isEqualTo("template");
                    assertThat(sent.path("template").path("name").asText()).isEqualTo(FallbackTemplates.META_NAME);
                });
        assertThat(jdbc.queryForObject("SELECT provider_message_id FROM kommo_messages WHERE id = ?", String.class,
                message)).isEqualTo("wamid.TEMPLATE");
    }
}
