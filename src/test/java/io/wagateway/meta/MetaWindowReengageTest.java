package io.wagateway.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.GRAPH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.support.FallbackTemplates;
import io.wagateway.support.GatewayIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** WINDOW_FALLBACK=reengage with Meta's fallback template: one invitation per closed window, the rest queued. */
@TestPropertySource(properties = {FallbackTemplates.TWILIO, FallbackTemplates.META, FallbackTemplates.META_LANGUAGE})
class MetaWindowReengageTest extends GatewayIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void graphAccepts() {
        MetaWebhooks.graphAccepts();
    }

    private List<JsonNode> graphRequests() {
        return GRAPH.findAll(postRequestedFor(urlPathEqualTo(MetaWebhooks.MESSAGES_PATH))).stream().map(request -> {
            try {
                return json.readTree(request.getBodyAsString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private int messages(String status) {
        return count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ?", status);
    }

    @Test
    void threeMessagesOutsideTheWindowSendOneTemplateAndGoOutInOrderWhenTheUserWrites() {
        UUID conversation = jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, contact_name, last_user_message_at)
                VALUES ('meta', '+16505551234', 'Sheena', now() - interval '30 hours') RETURNING id""", UUID.class);
        pendingMessage(conversation, "first\nof three");
        pendingMessage(conversation, "second");
        pendingMessage(conversation, "third");

        await().atMost(Duration.ofSeconds(20)).until(() -> messages("queued") == 3 && messages("accepted") == 1);
        assertThat(graphRequests()).singleElement().satisfies(request -> {
            assertThat(request.path("type").asText()).isEqualTo("template");
            assertThat(request.at("/template/name").asText()).isEqualTo(FallbackTemplates.META_NAME);
            assertThat(request.at("/template/language/code").asText()).isEqualTo(FallbackTemplates.META_LANGUAGE_CODE);
            assertThat(request.at("/template/components/0/parameters/0/text").asText()).isEqualTo("Sheena");
        });

        byte[] answer = MetaWebhooks.notification(MetaWebhooks.textMessages(
                new String[] {"16505551234", "Sheena", "wamid.REENGAGED", "yes?"}));
        assertThat(send(MetaWebhooks.request(port, answer, MetaWebhooks.sign(answer))).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> graphRequests().size() == 5);
        assertThat(graphRequests().subList(1, 5)).extracting(request -> request.at("/text/body").asText())
                .containsExactly("first\nof three", "second", "third", "Hello from the fake model!");
    }
}
