package io.wagateway.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.GRAPH;
import static io.wagateway.support.FakeProviders.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import io.wagateway.webhook.FormBody;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * While the model writes, the user sees their message read and "typing..." (Meta's read receipt with typing
 * indicator, Twilio's typing indicator): one call per reply job, never in the reply's way.
 */
@TestPropertySource(properties = "test.typing-indicator=true")
class TypingIndicatorTest extends GatewayIntegrationTest {

    private static final String TWILIO_TYPING_PATH = "/v2/Indicators/Typing.json";
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void providersAcceptEverything() {
        MetaWebhooks.graphAccepts();
        GRAPH.stubFor(post(urlPathEqualTo(MetaWebhooks.MESSAGES_PATH)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.status", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("read")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"success\":true}")));
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_TYPING_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"success\":true}")));
    }

    private List<LoggedRequest> graph() {
        return GRAPH.findAll(postRequestedFor(urlPathEqualTo(MetaWebhooks.MESSAGES_PATH)));
    }

    private byte[] metaText(String wamid, String text) {
        return MetaWebhooks.notification(
                MetaWebhooks.textMessages(new String[] {"16505551234", "Sheena", wamid, text}));
    }

    private void awaitReplies(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' "
                        + "AND delivery_status = 'accepted'") == count);
    }

    @Test
    void metaReplyJobMarksTheUsersMessageReadWithTypingOnceInTheGraphVersionConfigured() throws Exception {
        byte[] body = metaText("wamid.TYPING1", "Hi there");
        send(MetaWebhooks.request(port, body, MetaWebhooks.sign(body)));

        awaitReplies(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> graph().size() == 2);

        List<LoggedRequest> reads = graph().stream()
                .filter(request -> request.getBodyAsString().contains("\"status\":\"read\"")).toList();
        assertThat(reads).singleElement().satisfies(request -> {
            assertThat(json.readTree(request.getBodyAsString())).isEqualTo(json.readTree(
                    "{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.TYPING1\","
                            + "\"typing_indicator\":{\"type\":\"text\"}}"));
            assertThat(request.getUrl()).isEqualTo("/v26.0/" + io.wagateway.support.FakeProviders.META_PHONE_NUMBER_ID
                    + "/messages");
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer "
                    + io.wagateway.support.FakeProviders.META_ACCESS_TOKEN);
        });
    }

    @Test
    void aTypingCallThatHangsDoesNotDelayTheReply() {
        GRAPH.stubFor(post(urlPathEqualTo(MetaWebhooks.MESSAGES_PATH)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.status", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("read")))
                .willReturn(aResponse().withStatus(500).withFixedDelay(8_000)));
        byte[] body = metaText("wamid.TYPING2", "Hello?");
        long sent = System.nanoTime();
        send(MetaWebhooks.request(port, body, MetaWebhooks.sign(body)));

        awaitReplies(1);

        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(6));
        assertThat(graph())
                .anySatisfy(request -> assertThat(request.getBodyAsString()).contains("\"status\":\"read\""));
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'failed'")).isZero();
    }

    @Test
    void aFailingTypingCallIsNotRetriedAndTheReplyGoesOut() {
        GRAPH.stubFor(post(urlPathEqualTo(MetaWebhooks.MESSAGES_PATH)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.status", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("read")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Invalid parameter\",\"code\":100}}")));
        byte[] body = metaText("wamid.TYPING3", "Hello?");
        send(MetaWebhooks.request(port, body, MetaWebhooks.sign(body)));

        awaitReplies(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> graph().size() == 2);

        assertThat(graph().stream().filter(request -> request.getBodyAsString().contains("\"status\":\"read\"")))
                .hasSize(1);
    }

    @Test
    void twilioReplyJobSendsTwiliosTypingIndicatorForTheUsersMessage() {
        postTwilio(TwilioWebhooks.text("SM0000000000000000000000000typing", "+15550009999", "Hi"));

        awaitReplies(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !TWILIO.findAll(postRequestedFor(urlPathEqualTo(
                TWILIO_TYPING_PATH))).isEmpty());

        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_TYPING_PATH)))).singleElement()
                .satisfies(request -> assertThat(FormBody.parse(request.getBody()))
                        .containsEntry("channel", "whatsapp")
                        .containsEntry("messageId", "SM0000000000000000000000000typing"));
    }
}
