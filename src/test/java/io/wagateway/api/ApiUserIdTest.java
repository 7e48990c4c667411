package io.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.Fixtures;
import io.wagateway.support.FakeProviders;
import io.wagateway.webhook.FormBody;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The REST API for WhatsApp users known by a business-scoped user id (BSUID). */
class ApiUserIdTest extends ApiIntegrationTestBase {

    private static final String BSUID = "BR.1582043977165209";

    private UUID userConversation(String provider, String phone, String userId) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, user_id, username, contact_name)
                VALUES (?, ?, ?, 'mari.costa', 'Mariana') RETURNING id""", UUID.class, provider, phone, userId);
    }

    @Test
    void conversationsAreFilteredByUserIdAndCarryUserIdUsernameAndPhone() {
        UUID wanted = userConversation("meta", null, BSUID);
        userConversation("meta", "+5511999990001", "BR.42");
        userConversation("twilio", "+5511999990002", null);

        JsonNode page = getJson("/api/conversations?userId=" + BSUID, 200);

        assertThat(page.path("conversations")).singleElement().satisfies(conversation -> {
            assertThat(conversation.path("id").asText()).isEqualTo(wanted.toString());
            assertThat(conversation.path("userId").asText()).isEqualTo(BSUID);
            assertThat(conversation.path("username").asText()).isEqualTo("mari.costa");
            assertThat(conversation.has("phone")).isTrue();
            assertThat(conversation.path("phone").isNull()).isTrue();
        });
        assertThat(getJson("/api/conversations/" + wanted, 200).path("userId").asText()).isEqualTo(BSUID);
    }

    @Test
    void userIdFilterOfTheWrongShapeIsA400() {
        JsonNode error = getJson("/api/conversations?userId=BR-1", 400);

        assertThat(error.path("error").asText()).isEqualTo("invalid parameter userId");
    }

    @Test
    void conversationStartedByUserIdHasNoPhoneAndIsFoundAgainByTheSameUserId() {
        JsonNode started = callJson("POST", "/api/messages", body("provider", "meta", "userId", BSUID, "text",
                "Your order shipped.", "contactName", "Mariana"), 202);

        assertThat(started.path("delivery").asText()).isEqualTo("queued");
        UUID conversation = UUID.fromString(started.path("conversationId").asText());
        assertThat(jdbc.queryForMap("SELECT provider, phone, user_id, contact_name FROM kommo_conversations "
                + "WHERE id = ?", conversation)).containsEntry("provider", "meta").containsEntry("phone", null)
                .containsEntry("user_id", BSUID).containsEntry("contact_name", "Mariana");

        JsonNode again = callJson("POST", "/api/messages", body("provider", "meta", "userId", BSUID, "text",
                "And the invoice."), 202);

        assertThat(again.path("conversationId").asText()).isEqualTo(conversation.toString());
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(1);
    }

    @Test
    void queuedMessageToABsuidUserGoesOutThroughRecipientWhenTheUserWritesAgain() {
        JsonNode started = callJson("POST", "/api/messages", body("provider", "twilio", "userId", BSUID, "text",
                "Your order shipped."), 202);
        assertThat(started.path("delivery").asText()).isEqualTo("queued");

        postTwilio(FormBody.parse(Fixtures.bytes("twilio-inbound-bsuid.form")));

        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequests().size() == 2);
        assertThat(twilioRequests()).extracting(form -> form.get("To") + " " + form.get("Body")).containsExactly(
                "whatsapp:" + BSUID + " Your order shipped.", "whatsapp:" + BSUID + " Hello from the fake model!");
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(1);
    }

    private List<Map<String, String>> twilioRequests() {
        return FakeProviders.TWILIO.findAll(postRequestedFor(urlPathEqualTo(FakeProviders.TWILIO_MESSAGES_PATH)))
                .stream().map(request -> FormBody.parse(request.getBody())).toList();
    }

    @Test
    void aConversationMergedIntoAnotherRefusesChangesWith409NamingTheSurvivor() {
        UUID survivor = userConversation("meta", "+5511999990042", BSUID);
        UUID merged = jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, status, merged_into) VALUES ('meta', 'merged', ?)
                RETURNING id""", UUID.class, survivor);

        JsonNode patched = callJson("PATCH", "/api/conversations/" + merged, body("status", "closed"), 409);
        JsonNode written = callJson("POST", "/api/conversations/" + merged + "/messages", body("text", "Hi"), 409);

        assertThat(patched.path("error").asText()).isEqualTo("conversation merged");
        assertThat(patched.path("detail").asText()).contains(survivor.toString());
        assertThat(written.path("error").asText()).isEqualTo("conversation merged");
        assertThat(getJson("/api/conversations", 200).path("conversations")).singleElement()
                .satisfies(c -> assertThat(c.path("id").asText()).isEqualTo(survivor.toString()));
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }
}
