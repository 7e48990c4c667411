package io.wagateway.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.Fixtures;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import io.wagateway.webhook.FormBody;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WhatsApp users known by a business-scoped user id (BSUID) through Twilio, end to end. */
class TwilioUserIdFlowTest extends GatewayIntegrationTest {

    private static final String BSUID = "BR.1582043977165209";
    private final ObjectMapper json = new ObjectMapper();

    private static Map<String, String> fixture(String name) {
        return new LinkedHashMap<>(FormBody.parse(Fixtures.bytes(name)));
    }

    private List<Map<String, String>> twilioRequests() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).stream()
                .map(request -> FormBody.parse(request.getBody())).toList();
    }

    private void awaitReplies(int count, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ?",
                status) == count);
    }

    @Test
    void senderKnownOnlyByTheBsuidIsAnsweredAtWhatsappBsuid() {
        HttpResponse<String> response = postTwilio(fixture("twilio-inbound-bsuid.form"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT phone, user_id, contact_name FROM kommo_conversations"))
                .containsEntry("phone", null).containsEntry("user_id", BSUID)
                .containsEntry("contact_name", "Mariana Costa");
        awaitReplies(1, "accepted");
        assertThat(twilioRequests()).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("To", "whatsapp:" + BSUID).containsEntry("Body", "Hello from the fake model!"));
    }

    @Test
    void theSameUserWritingWithThePhoneStaysOneConversationAndIsAnsweredOnThePhone() {
        postTwilio(fixture("twilio-inbound-bsuid.form"));
        awaitReplies(1, "accepted");

        assertThat(postTwilio(fixture("twilio-inbound-bsuid-and-phone.form")).statusCode()).isEqualTo(200);

        assertThat(jdbc.queryForList("SELECT phone || ' ' || user_id FROM kommo_conversations", String.class))
                .containsExactly("+5511999990042 " + BSUID);
        awaitReplies(2, "accepted");
        assertThat(twilioRequests().get(1)).containsEntry("To", "whatsapp:+5511999990042");
    }

    @Test
    void twilioRefusingTheBsuidAddressFailsTheMessageWithItsCodeOnceAndListsItInFailures() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(new String(Fixtures.bytes("twilio-error-21211.json")))));

        postTwilio(fixture("twilio-inbound-bsuid.form"));

        awaitReplies(1, "failed");
        assertThat(jdbc.queryForMap("SELECT delivery_error_code, delivery_error FROM kommo_messages "
                + "WHERE role = 'assistant'")).containsEntry("delivery_error_code", "21211");
        assertThat(twilioRequests()).hasSize(1);
        JsonNode failures = readTree(get("/api/failures?provider=twilio").body()).path("failures");
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.path("errorCode").asText()).isEqualTo("21211");
            assertThat(failure.path("userId").asText()).isEqualTo(BSUID);
        });
    }

    @Test
    void externalUserIdThatIsNotABsuidIsA400AndStoresNothing() {
        Map<String, String> form = fixture("twilio-inbound-bsuid-and-phone.form");
        form.put("ExternalUserId", "whatsapp:+5511999990042");

        HttpResponse<String> response = postTwilio(form);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(readTree(response.body()).path("error").asText()).isEqualTo("invalid field ExternalUserId");
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void bsuidSenderWithAForgedSignatureIsRefusedWith403() {
        Map<String, String> form = fixture("twilio-inbound-bsuid.form");
        String signature = TwilioWebhooks.sign(PUBLIC_BASE_URL + "/webhooks/twilio", form,
                FakeProviders.AUTH_TOKEN);
        form.put("ExternalUserId", "whatsapp:BR.999");

        HttpResponse<String> response = postForm("/webhooks/twilio", TwilioWebhooks.encode(form),
                signature);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(body, e);
        }
    }
}
