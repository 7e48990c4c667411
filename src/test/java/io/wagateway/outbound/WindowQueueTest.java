package io.wagateway.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import io.wagateway.webhook.FormBody;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Outside the 24-hour window with no template configured, messages wait as queued for the user. */
class WindowQueueTest extends GatewayIntegrationTest {

    private static final String PHONE = "+15550003333";

    @Test
    void messageJustInsideTheWindowGoesOutAsText() {
        UUID conversation = twilioConversation(PHONE, "23 hours 59 minutes");
        UUID message = pendingMessage(conversation, "Your order shipped.");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(status(message)));
        assertThat(bodies()).containsExactly("Your order shipped.");
    }

    @Test
    void messageJustOutsideTheWindowIsQueuedAndSendsNothing() {
        UUID conversation = twilioConversation(PHONE, "24 hours 1 minute");
        UUID message = pendingMessage(conversation, "Your order shipped.");

        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(status(message)));
        assertThat(bodies()).isEmpty();
    }

    @Test
    void queuedMessagesGoOutInOrderBeforeTheReplyWhenTheUserWritesAgain() {
        UUID conversation = twilioConversation(PHONE, "2 days");
        UUID first = pendingMessage(conversation, "First update.");
        UUID second = pendingMessage(conversation, "Second update.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(status(first))
                && "queued".equals(status(second)));

        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000041", PHONE, "hi, any news?"));

        await().atMost(Duration.ofSeconds(20)).until(() -> bodies().size() == 3);
        assertThat(bodies()).containsExactly("First update.", "Second update.", "Hello from the fake model!");
        assertThat(status(first)).isEqualTo("accepted");
        assertThat(status(second)).isEqualTo("accepted");
    }

    @Test
    void queuedMessagesOlderThanTheConfiguredAgeExpire() {
        UUID conversation = twilioConversation(PHONE, "9 days");
        UUID message = pendingMessage(conversation, "Too late.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(status(message)));

        jdbc.update("UPDATE kommo_messages SET created_at = now() - interval '8 days' WHERE id = ?", message);

        await().atMost(Duration.ofSeconds(20)).until(() -> "expired".equals(status(message)));
    }

    @Test
    void twilioRefusingFreeFormTextWith63016QueuesTheMessageOnce() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":63016,\"message\":\"Failed to send freeform message because you are outside "
                        + "the allowed window.\",\"status\":400}")));
        UUID conversation = twilioConversation(PHONE, "1 hour");
        UUID message = pendingMessage(conversation, "Hello again.");

        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(status(message)));
        assertThat(jdbc.queryForObject("SELECT metadata->'windowRefused'->>'code' FROM kommo_messages WHERE id = ?",
                String.class, message)).isEqualTo("63016");
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).hasSize(1);
    }

    @Test
    void statusCallbackReporting63016QueuesAnAcceptedMessage() {
        UUID conversation = twilioConversation(PHONE, "1 hour");
        UUID message = pendingMessage(conversation, "Hello again.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(status(message)));
        String sid = jdbc.queryForObject("SELECT provider_message_id FROM kommo_messages WHERE id = ?",
                String.class, message);
        jdbc.update("UPDATE kommo_conversations SET last_user_message_at = now() - interval '25 hours'");

        java.util.Map<String, String> callback = new java.util.LinkedHashMap<>();
        callback.put("MessageSid", sid);
        callback.put("MessageStatus", "undelivered");
        callback.put("ErrorCode", "63016");
        String signature = TwilioWebhooks.sign(PUBLIC_BASE_URL + "/webhooks/twilio/status", callback,
                FakeProviders.AUTH_TOKEN);
        assertThat(postForm("/webhooks/twilio/status", TwilioWebhooks.encode(callback), signature).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(status(message)));
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).hasSize(1);
        TWILIO.verify(0, postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))
                .withRequestBody(containing("ContentSid")));
    }

    private String status(UUID message) {
        return jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, message);
    }

    private List<String> bodies() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).stream()
                .map(request -> FormBody.parse(request.getBody()).get("Body")).toList();
    }
}
