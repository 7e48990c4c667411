package io.wagateway.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.FallbackTemplates;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.webhook.FormBody;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Outside the 24-hour window with an approved template configured, the template goes out instead. */
@TestPropertySource(properties = {FallbackTemplates.TWILIO, FallbackTemplates.META, FallbackTemplates.META_LANGUAGE,
        FallbackTemplates.TEXT_MODE})
class WindowTemplateTest extends GatewayIntegrationTest {

    private static final String CONTENT_SID = FallbackTemplates.TWILIO_CONTENT_SID;
    private static final String PHONE = "+15550004444";

    @Test
    void outsideTheWindowTheTwilioTemplateGoesOutWithTheTextAsItsVariableAndNoBody() {
        UUID conversation = twilioConversation(PHONE, "25 hours");
        UUID message = pendingMessage(conversation, "Your order shipped.");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(status(message)));

        List<Map<String, String>> sent = requests();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).containsEntry("To", "whatsapp:" + PHONE)
                .containsEntry("From", FakeProviders.WHATSAPP_FROM)
                .containsEntry("ContentSid", CONTENT_SID)
                .containsEntry("ContentVariables", "{\"1\":\"Your order shipped.\"}")
                .containsEntry("StatusCallback", PUBLIC_BASE_URL + "/webhooks/twilio/status")
                .doesNotContainKey("Body");
        Map<String, Object> row = jdbc.queryForMap("SELECT content, metadata->'template'->>'contentSid' AS sid, "
                + "metadata->'template'->'variables'->>'1' AS variable FROM kommo_messages WHERE id = ?", message);
        assertThat(row).containsEntry("content", "Your order shipped.").containsEntry("sid", CONTENT_SID)
                .containsEntry("variable", "Your order shipped.");
    }

    @Test
    void insideTheWindowTheTextGoesOutAsIs() {
        UUID conversation = twilioConversation(PHONE, "2 hours");
        UUID message = pendingMessage(conversation, "Your order shipped.");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(status(message)));

        assertThat(requests()).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("Body", "Your order shipped.").doesNotContainKey("ContentSid"));
    }

    @Test
    void twilioRefusingFreeFormTextWith63016FallsBackToTheTemplateOnce() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("window")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("closed")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":63016,\"message\":\"outside the allowed window\",\"status\":400}")));
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("window")
                .whenScenarioStateIs("closed").willReturn(FakeProviders.twilioCreated()));
        UUID conversation = twilioConversation(PHONE, "23 hours");
        UUID message = pendingMessage(conversation, "Hello again.");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(status(message)));

        List<Map<String, String>> sent = requests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).containsEntry("Body", "Hello again.");
        assertThat(sent.get(1)).containsEntry("ContentSid", CONTENT_SID).doesNotContainKey("Body");
    }

    @Test
    void aMultiLineTextWithLongRunsOfSpacesBecomesOneLineTheTemplateAccepts() {
        UUID message = pendingMessage(twilioConversation(PHONE, "25 hours"),
                "Your order shipped.\n\nTrack it:\thttps://t.example/1     Thanks!");

        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(status(message)));

        assertThat(requests()).singleElement().satisfies(form -> assertThat(form).containsEntry("ContentVariables",
                "{\"1\":\"Your order shipped. Track it: https://t.example/1 Thanks!\"}"));
        assertThat(jdbc.queryForObject("SELECT content FROM kommo_messages WHERE id = ?", String.class, message))
                .as("the message keeps what was wanted").contains("\n\n");
    }

    @Test
    void aTextTooLongForATemplateIsNotCutButQueuedWhileTheTemplateInvitesTheUserBack() {
        UUID message = pendingMessage(twilioConversation(PHONE, "25 hours"), "word ".repeat(300).strip());

        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(status(message)));
        await().atMost(Duration.ofSeconds(20)).until(() -> requests().size() == 1);

        assertThat(requests().get(0)).containsEntry("ContentVariables", "{\"1\":\"Ana\"}");
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE metadata -> 'reengagement' IS NOT NULL"))
                .isEqualTo(1);
    }

    private String status(UUID message) {
        return jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, message);
    }

    private List<Map<String, String>> requests() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).stream()
                .map(request -> FormBody.parse(request.getBody())).toList();
    }
}
