package io.wagateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Input the database could not store or index, or that is not text at all, is refused with {@code 400}
 * naming the field before anything is stored (these were 500s and 503s: an index entry is limited to a few
 * kilobytes, PostgreSQL refuses NUL, and Camel's reader failed on bytes that are not UTF-8). Signatures are
 * checked over the bytes as they arrived, so a signed body in another encoding reaches the parser.
 */
class UnstorableInputTest extends GatewayIntegrationTest {

    private static final String HUGE_ID = "x".repeat(3000);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void providerMessageIdsAndChatIdsTooLongToIndexAreA400NamingTheField() throws Exception {
        Webhooks webhooks = new Webhooks(port);
        Map<String, String> twilio = TwilioWebhooks.text("SM" + HUGE_ID, "+15550909090", "hi");
        byte[] meta = metaText("16505550909", "wamid." + HUGE_ID, "hi");
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("invalid field MessageSid", webhooks.twilio(twilio));
        answers.put("invalid field entry[0].changes[0].value.messages[0].id", webhooks.meta(meta));
        answers.put("invalid field message[add][0][id]", webhooks.kommo(
                KommoWebhooks.message(0, HUGE_ID, UUID.randomUUID().toString(), "incoming", "hi")));
        answers.put("invalid field message[add][0][chat_id]", webhooks.kommo(
                KommoWebhooks.message(0, UUID.randomUUID().toString(), HUGE_ID, "incoming", "hi")));
        Map<String, String> kommoPhone = KommoWebhooks.message(0, UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "incoming", "hi");
        kommoPhone.put("message[add][0][phone]", "5".repeat(3000));
        answers.put("invalid field message[add][0][phone]", webhooks.kommo(kommoPhone));

        answers.forEach((error, answer) -> {
            assertThat(answer.statusCode()).as(error).isEqualTo(400);
            assertThat(answer.body()).as(error).startsWith("{\"error\":\"" + error + "\"")
                    .contains("longer than 256 characters (");
        });
        assertNothingStored();
    }

    @Test
    void aMessageSidWithALineBreakCannotForgeALogLineAndIsA400() throws Exception {
        Map<String, String> form = TwilioWebhooks.text("SM1\n2026-01-01 INFO conversation-save-tx : Stored",
                "+15550909091", "hi");

        HttpResponse<String> answer = new Webhooks(port).twilio(form);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json.readTree(answer.body()).path("detail").asText()).contains("\\u000a").doesNotContain("\n");
        assertNothingStored();
    }

    @Test
    void aStatusCallbackWithNulCharactersIsStoredWithoutThemNotAnswered500() {
        String sid = "SM5a5a0000000000000000000000000001";
        jdbc.update("""
                INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content,
                                            delivery_status, delivery_updated_at)
                VALUES (?, 'twilio', ?, 'assistant', 'reply', 'accepted', now())""",
                twilioConversation("+15550909092", "1 hour"), sid);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("MessageStatus", "failed");
        form.put("ErrorCode", "300\u000008");
        form.put("ErrorMessage", "Message \u0000failed");

        HttpResponse<String> answer = new Webhooks(port).post(Webhooks.TWILIO_STATUS, Webhooks.FORM,
                TwilioWebhooks.encode(form).getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature",
                Webhooks.twilioSignature(Webhooks.TWILIO_STATUS, form));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT delivery_status, delivery_error_code, delivery_error FROM kommo_messages "
                + "WHERE provider_message_id = ?", sid))
                .containsEntry("delivery_status", "failed")
                .containsEntry("delivery_error_code", "30008")
                .containsEntry("delivery_error", "Message failed");
    }

    @Test
    void signedBodiesThatAreNotUtf8ReachTheParserAndAre400NotA500OrA403() throws Exception {
        Webhooks webhooks = new Webhooks(port);
        byte[] latin1Json = new String(metaText("16505550910", "wamid.latin1", "café"), StandardCharsets.UTF_8)
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] binaryForm = {'M', 'e', 's', 's', 'a', 'g', 'e', 'S', 'i', 'd', '=', (byte) 0xFF, (byte) 0xFE, 0};

        HttpResponse<String> meta = webhooks.meta(latin1Json);
        HttpResponse<String> twilio = webhooks.post(Webhooks.TWILIO, Webhooks.FORM, binaryForm,
                "X-Twilio-Signature", Webhooks.twilioSignature(Webhooks.TWILIO, Map.of()));
        HttpResponse<String> kommo = webhooks.post(
                Webhooks.KOMMO + Webhooks.kommoQuery(FakeProviders.KOMMO_WEBHOOK_SECRET), Webhooks.FORM, binaryForm);

        assertThat(meta.statusCode()).isEqualTo(400);
        assertThat(json.readTree(meta.body()).path("error").asText()).isEqualTo("malformed JSON");
        for (HttpResponse<String> form : new HttpResponse[] {twilio, kommo}) {
            assertThat(form.statusCode()).isEqualTo(400);
            assertThat(json.readTree(form.body()).path("error").asText()).isEqualTo("malformed form body");
        }
        assertNothingStored();
    }

    @Test
    void aSignedUtf16NotificationIsVerifiedOverItsOwnBytesAndStored() {
        byte[] utf16 = new String(metaText("16505550911", "wamid.utf16", "olá 😀"), StandardCharsets.UTF_8)
                .getBytes(StandardCharsets.UTF_16);

        assertThat(new Webhooks(port).meta(utf16).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT content FROM kommo_messages WHERE provider_message_id = 'wamid.utf16'",
                String.class)).isEqualTo("olá 😀");
    }

    @Test
    void aBodyThatEndsBeforeItsAnnouncedLengthIsA400AndStoresNothing() throws Exception {
        Map<String, String> form = TwilioWebhooks.text("SM5a5a0000000000000000000000000002", "+15550909093", "hello");
        byte[] body = TwilioWebhooks.encode(form).getBytes(StandardCharsets.UTF_8);

        RawHttp.Answer answer = RawHttp.cutShort(port, Webhooks.TWILIO, Webhooks.FORM, body.length + 100, body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.head()).containsIgnoringCase("Content-Type: application/json");
        assertThat(answer.body()).contains("\"error\":\"Bad Request\"").doesNotContain("Exception", "\tat ");
        assertNothingStored();
    }

    private void assertNothingStored() {
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    private static byte[] metaText(String waId, String wamid, String text) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"" + FakeProviders.META_PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":"
                + "{\"name\":\"Kerry\"},\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"from\":\"" + waId + "\",\"id\":\""
                + wamid + "\",\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]},"
                + "\"field\":\"messages\"}]}]}").getBytes(StandardCharsets.UTF_8);
    }
}
