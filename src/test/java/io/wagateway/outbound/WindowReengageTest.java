package io.wagateway.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.FallbackTemplates;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import io.wagateway.webhook.FormBody;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * WINDOW_FALLBACK=reengage (the default) with Twilio's fallback template: outside the window the wanted messages
 * wait as queued and one template invites the user back per closed window; the user's answer releases them in order.
 */
@TestPropertySource(properties = {FallbackTemplates.TWILIO, FallbackTemplates.META, FallbackTemplates.META_LANGUAGE})
class WindowReengageTest extends GatewayIntegrationTest {

    private static final String PHONE = "+15550007777";

    private HttpResponse<String> writeAsAgent(UUID conversation, String text) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/conversations/" + conversation
                        + "/messages"))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":" + com.fasterxml.jackson.databind.node.TextNode
                        .valueOf(text) + "}")).build());
    }

    private List<Map<String, String>> twilioRequests() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).stream()
                .map(request -> FormBody.parse(request.getBody())).toList();
    }

    private int messages(String status) {
        return count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ?", status);
    }

    @Test
    void threeMessagesOutsideTheWindowSendOneInvitationAndGoOutInOrderWhenTheUserAnswers() {
        UUID conversation = twilioConversation(PHONE, "30 hours");

        for (String text : List.of("Your order shipped.\nTrack it online.", "It arrives on Monday.", "Thanks!")) {
            HttpResponse<String> answer = writeAsAgent(conversation, text);
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(answer.body()).contains("\"delivery\":\"queued\"");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> messages("queued") == 3 && messages("accepted") == 1);
        assertThat(twilioRequests()).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("To", "whatsapp:" + PHONE)
                .containsEntry("ContentSid", FallbackTemplates.TWILIO_CONTENT_SID)
                .containsEntry("ContentVariables", "{\"1\":\"Ana\"}")
                .doesNotContainKey("Body"));
        assertThat(jdbc.queryForMap("SELECT metadata -> 'template' ->> 'contentSid' AS sid, "
                + "metadata -> 'template' -> 'variables' ->> '1' AS variable, "
                + "metadata ->> 'reengagement' AS invitation "
                + "FROM kommo_messages WHERE delivery_status = 'accepted'"))
                .containsEntry("sid", FallbackTemplates.TWILIO_CONTENT_SID).containsEntry("variable", "Ana")
                .containsEntry("invitation", "true");

        assertThat(postTwilio(TwilioWebhooks.text("SM00000000000000000000000000007777", PHONE, "Yes please"))
                .statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequests().size() == 5);
        assertThat(twilioRequests().subList(1, 5)).extracting(form -> form.get("Body")).containsExactly(
                "Your order shipped.\nTrack it online.", "It arrives on Monday.", "Thanks!",
                "Hello from the fake model!");
        assertThat(messages("queued")).isZero();
    }

    @Test
    void theNextClosedWindowGetsItsOwnInvitationButNotBeforeTheUserWroteAgain() {
        UUID conversation = twilioConversation(PHONE, "30 hours");
        jdbc.update("UPDATE kommo_conversations SET reengaged_at = now() - interval '1 hour' WHERE id = ?",
                conversation);

        writeAsAgent(conversation, "Still there?");

        await().atMost(Duration.ofSeconds(20)).until(() -> messages("queued") == 1);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE metadata -> 'reengagement' IS NOT NULL")).isZero();
        assertThat(twilioRequests()).isEmpty();

        jdbc.update("UPDATE kommo_conversations SET reengaged_at = now() - interval '40 hours' WHERE id = ?",
                conversation);
        writeAsAgent(conversation, "Hello again");

        await().atMost(Duration.ofSeconds(20)).until(() -> messages("accepted") == 1);
        assertThat(twilioRequests()).singleElement()
                .satisfies(form -> assertThat(form).containsKey("ContentSid").doesNotContainKey("Body"));
    }

    @Test
    void aRefusedInvitationFailsWithItsCodeOnceAndTheMessagesStayQueued() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":63027,\"message\":\"Template does not exist for a given language\","
                        + "\"status\":400}")));
        UUID conversation = twilioConversation(PHONE, "30 hours");

        writeAsAgent(conversation, "Your order shipped.");

        await().atMost(Duration.ofSeconds(20)).until(() -> messages("failed") == 1);
        assertThat(jdbc.queryForObject("SELECT delivery_error_code FROM kommo_messages "
                + "WHERE delivery_status = 'failed'", String.class)).isEqualTo("63027");
        assertThat(messages("queued")).isEqualTo(1);
        assertThat(twilioRequests()).hasSize(1);
        assertThat(get("/api/failures").body()).contains("\"errorCode\":\"63027\"");
    }

    @Test
    void aUserWhoOptedOutGetsNoInvitationTheMessageJustWaits() {
        UUID conversation = twilioConversation(PHONE, "30 hours");
        jdbc.update("UPDATE kommo_conversations SET opted_out_at = now() WHERE id = ?", conversation);
        UUID message = pendingMessage(conversation, "Your order shipped.");

        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(jdbc.queryForObject(
                "SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, message)));

        // the invitation is written with the queuing, in one statement: none means none
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE metadata -> 'reengagement' IS NOT NULL")).isZero();
        assertThat(twilioRequests()).isEmpty();
    }
}
