package io.wagateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every SQL statement takes parameters only: text full of quotes, SQL, placeholders of camel-sql and of
 * Camel's simple language goes from the webhook to the row, back out of the API and to the provider's fake
 * byte for byte, and the tables are still there. Where the phone is validated (Twilio's {@code From}, Meta's
 * {@code from}: E.164), the same text is refused with {@code 400} and stores nothing; the free-text fields
 * (contact name, message text, Kommo's chat id and contact fields) carry it instead.
 */
class QuoteLadenRoundTripTest extends GatewayIntegrationTest {

    static final String QUOTE_LADEN = "O'Brien \"quoted\" back\\slash '); DROP TABLE kommo_messages;-- $$ $1 "
            + ":#conversationId ? %s %_ ${body} {{1}} 😀🇧🇷 \u202Eevil\u202C";
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void theModelAnswersWithTheSameText() {
        FakeProviders.aiAnswers(QUOTE_LADEN);
        ProviderFakes.graphAndKommoAccept();
    }

    @Test
    void twilioNameAndTextRoundTripUnchangedToTheRowTheApiAndTwilio() throws Exception {
        Map<String, String> form = TwilioWebhooks.text("SM0a0e0000000000000000000000000001", "+15550404040",
                QUOTE_LADEN);
        form.put("ProfileName", QUOTE_LADEN);

        assertThat(postTwilio(form).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> ProviderFakes.twilioSends().size() == 1);
        assertThat(ProviderFakes.twilioForm(ProviderFakes.twilioSends().get(0)))
                .containsEntry("Body", QUOTE_LADEN).containsEntry("To", "whatsapp:+15550404040");
        assertStoredAndReadBack("+15550404040", QUOTE_LADEN);
    }

    @Test
    void metaNameAndTextRoundTripUnchangedToTheRowTheApiAndTheGraphApi() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(notification("16505550505", "wamid.quotes1"));
        ((ObjectNode) root.at("/entry/0/changes/0/value/contacts/0/profile")).put("name", QUOTE_LADEN);
        ((ObjectNode) root.at("/entry/0/changes/0/value/messages/0/text")).put("body", QUOTE_LADEN);

        assertThat(new Webhooks(port).meta(json.writeValueAsBytes(root)).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> ProviderFakes.graphSends().size() == 1);
        JsonNode sent = ProviderFakes.json(ProviderFakes.graphSends().get(0));
        assertThat(sent.path("text").path("body").asText()).isEqualTo(QUOTE_LADEN);
        assertThat(sent.path("to").asText()).isEqualTo("16505550505");
        assertStoredAndReadBack("+16505550505", QUOTE_LADEN);
    }

    @Test
    void kommoChatNameAndTextRoundTripUnchangedToTheRowTheApiAndTheChatsApi() throws Exception {
        String chat = "chat " + QUOTE_LADEN;
        Map<String, String> form = KommoWebhooks.message(0, UUID.randomUUID().toString(), chat, "incoming",
                QUOTE_LADEN);
        form.put("message[add][0][author][name]", QUOTE_LADEN);
        form.put("message[add][0][contact_id]", QUOTE_LADEN);

        assertThat(new Webhooks(port).kommo(form).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> ProviderFakes.kommoSends().size() == 1);
        JsonNode payload = ProviderFakes.json(ProviderFakes.kommoSends().get(0)).path("payload");
        assertThat(payload.path("conversation_ref_id").asText()).isEqualTo(chat);
        assertThat(payload.path("message").path("text").asText()).isEqualTo(QUOTE_LADEN);

        assertThat(jdbc.queryForObject("SELECT kommo_chat_id FROM kommo_conversations", String.class)).isEqualTo(chat);
        JsonNode conversations = apiJson("/api/conversations?provider=kommo");
        JsonNode conversation = conversations.path("conversations").get(0);
        assertThat(conversation.path("kommoChatId").asText()).isEqualTo(chat);
        assertThat(conversation.path("contactName").asText()).isEqualTo(QUOTE_LADEN);
        assertThat(conversation.path("metadata").path("contactId").asText()).isEqualTo(QUOTE_LADEN);
        assertMessagesReadBack(conversation.path("id").asText(), QUOTE_LADEN);
    }

    @Test
    void theQuoteLadenTextAsAValidatedPhoneIsA400AndStoresNothing() throws Exception {
        Map<String, String> twilio = TwilioWebhooks.text("SM0a0e0000000000000000000000000002", "+15550606060", "hi");
        twilio.put("From", "whatsapp:" + QUOTE_LADEN);
        HttpResponse<String> twilioAnswer = postTwilio(twilio);

        byte[] meta = new String(notification("16505550707", "wamid.quotes2"), StandardCharsets.UTF_8)
                .replace("\"from\":\"16505550707\"", "\"from\":" + json.writeValueAsString(QUOTE_LADEN))
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> metaAnswer = new Webhooks(port).meta(meta);

        assertThat(twilioAnswer.statusCode()).isEqualTo(400);
        assertThat(json.readTree(twilioAnswer.body()).path("error").asText()).isEqualTo("invalid field From");
        assertThat(metaAnswer.statusCode()).isEqualTo(400);
        assertThat(json.readTree(metaAnswer.body()).path("error").asText()).isEqualTo("invalid field from");
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
        // as an API filter it is a value like any other: no match, no error
        JsonNode filtered =
                apiJson("/api/conversations?phone=" + URLEncoder.encode(QUOTE_LADEN, StandardCharsets.UTF_8));
        assertThat(filtered.path("conversations")).isEmpty();
    }

    private void assertStoredAndReadBack(String phone, String text) throws Exception {
        assertThat(jdbc.queryForObject("SELECT contact_name FROM kommo_conversations WHERE phone = ?", String.class,
                phone)).isEqualTo(text);
        JsonNode conversations =
                apiJson("/api/conversations?phone=" + URLEncoder.encode(phone, StandardCharsets.UTF_8));
        assertThat(conversations.path("conversations")).hasSize(1);
        JsonNode conversation = conversations.path("conversations").get(0);
        assertThat(conversation.path("contactName").asText()).isEqualTo(text);
        String id = conversation.path("id").asText();
        assertThat(apiJson("/api/conversations/" + id).path("contactName").asText()).isEqualTo(text);
        assertMessagesReadBack(id, text);
    }

    /** The user's message and the assistant's reply, both the text, in the rows and through the API. */
    private void assertMessagesReadBack(String conversationId, String text) throws Exception {
        assertThat(jdbc.queryForList("SELECT content FROM kommo_messages ORDER BY seq", String.class))
                .containsExactly(text, text);
        JsonNode messages = apiJson("/api/conversations/" + conversationId + "/messages").path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).path("content").asText()).isEqualTo(text);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").asText()).isEqualTo(text);
        assertThat(messages.get(1).path("deliveryStatus").asText()).isEqualTo("accepted");
    }

    private JsonNode apiJson(String path) throws Exception {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return json.readTree(answer.body());
    }

    private static byte[] notification(String waId, String wamid) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"" + FakeProviders.META_PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":"
                + "{\"name\":\"Kerry\"},\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"from\":\"" + waId + "\",\"id\":\""
                + wamid + "\",\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]},"
                + "\"field\":\"messages\"}]}]}").getBytes(StandardCharsets.UTF_8);
    }
}
