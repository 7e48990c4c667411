package io.wagateway.reliability;

import static io.wagateway.support.FakeProviders.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.meta.MetaSignatureVerifier;
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
 * Forged, replayed-with-changes and missing signatures, end to end through HTTP with every secret set:
 * each is refused with {@code 403} and the JSON error, and nothing is stored or answered. Each test ends
 * with the untouched original, which is accepted: the refusals are about the changes, not the test's signing.
 *
 * <p>Kommo does not sign its account webhooks (the contract's {@code KOMMO_WEBHOOK_SECRET} is a query
 * parameter of the URL), so a Kommo body cannot be checked for changes; what can be is that only the exact
 * secret, in the query string, opens the door.
 */
class SignatureReplayTest extends GatewayIntegrationTest {

    private static final String TWILIO_URL = PUBLIC_BASE_URL + Webhooks.TWILIO;

    @Test
    void twilioWebhookWithAForgedChangedExtendedRedirectedOrMissingSignatureIsRefusedAndStoresNothing() {
        Map<String, String> original = TwilioWebhooks.text("SM5e1f0000000000000000000000000001", "+15550101010",
                "pay 10 EUR");
        String body = TwilioWebhooks.encode(original);
        String signature = Webhooks.twilioSignature(Webhooks.TWILIO, original);
        Map<String, String> withPrice = new LinkedHashMap<>(original);
        withPrice.put("Body", "pay 90 EUR");
        Map<String, String> withPhone = new LinkedHashMap<>(original);
        withPhone.put("From", "whatsapp:+15550202020");
        Map<String, String> fewer = new LinkedHashMap<>(original);
        fewer.remove("ProfileName");

        Map<String, String[]> attempts = new LinkedHashMap<>();
        attempts.put("forged", new String[] {Webhooks.TWILIO, body, "L/OH5YylLD5NRKLltdqwSvS0BnU="});
        attempts.put("made with another auth token", new String[] {Webhooks.TWILIO, body,
                TwilioWebhooks.sign(TWILIO_URL, original, "another_auth_token_0123456789ab")});
        attempts.put("one byte changed", new String[] {Webhooks.TWILIO, TwilioWebhooks.encode(withPrice), signature});
        attempts.put("another sender", new String[] {Webhooks.TWILIO, TwilioWebhooks.encode(withPhone), signature});
        attempts.put("one parameter added", new String[] {Webhooks.TWILIO, body + "&ButtonPayload=refund", signature});
        attempts.put("one parameter removed", new String[] {Webhooks.TWILIO, TwilioWebhooks.encode(fewer), signature});
        attempts.put("signed for the status URL", new String[] {Webhooks.TWILIO, body,
                Webhooks.twilioSignature(Webhooks.TWILIO_STATUS, original)});
        attempts.put("signed for another host", new String[] {Webhooks.TWILIO, body,
                TwilioWebhooks.sign("https://attacker.example.com/webhooks/twilio", original,
                        FakeProviders.AUTH_TOKEN)});
        attempts.put("sent with a query the signature lacks", new String[] {Webhooks.TWILIO + "?retry=1", body,
                signature});
        attempts.put("blank", new String[] {Webhooks.TWILIO, body, " "});
        attempts.put("missing", new String[] {Webhooks.TWILIO, body, null});

        Webhooks webhooks = new Webhooks(port);
        attempts.forEach((what, attempt) -> {
            HttpResponse<String> answer = webhooks.post(attempt[0], Webhooks.FORM,
                    attempt[1].getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", attempt[2]);
            assertRefused(what, answer, "invalid signature");
        });
        assertNothingStored();

        assertThat(webhooks.post(Webhooks.TWILIO, Webhooks.FORM, body.getBytes(StandardCharsets.UTF_8),
                "X-Twilio-Signature", signature).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT content FROM kommo_messages WHERE role = 'user'", String.class))
                .isEqualTo("pay 10 EUR");
    }

    @Test
    void twilioStatusCallbackWithAForgedChangedRedirectedOrMissingSignatureChangesNothing() {
        String sid = "SM5e1f0000000000000000000000000002";
        UUID conversation = twilioConversation("+15550303030", "1 hour");
        jdbc.update("""
                INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content,
                                            delivery_status, delivery_updated_at)
                VALUES (?, 'twilio', ?, 'assistant', 'your order ships today', 'accepted', now())""",
                conversation, sid);
        Map<String, String> original = new LinkedHashMap<>();
        original.put("MessageSid", sid);
        original.put("MessageStatus", "delivered");
        original.put("AccountSid", FakeProviders.ACCOUNT_SID);
        String body = TwilioWebhooks.encode(original);
        String signature = Webhooks.twilioSignature(Webhooks.TWILIO_STATUS, original);
        Map<String, String> failed = new LinkedHashMap<>(original);
        failed.put("MessageStatus", "failed");

        Map<String, String[]> attempts = new LinkedHashMap<>();
        attempts.put("forged", new String[] {body, "L/OH5YylLD5NRKLltdqwSvS0BnU="});
        attempts.put("delivered turned into failed", new String[] {TwilioWebhooks.encode(failed), signature});
        attempts.put("one parameter added", new String[] {body + "&ErrorCode=63016", signature});
        attempts.put("signed for the inbound URL", new String[] {body,
                Webhooks.twilioSignature(Webhooks.TWILIO, original)});
        attempts.put("missing", new String[] {body, null});

        Webhooks webhooks = new Webhooks(port);
        attempts.forEach((what, attempt) -> assertRefused(what, webhooks.post(Webhooks.TWILIO_STATUS, Webhooks.FORM,
                attempt[0].getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", attempt[1]), "invalid signature"));
        assertThat(deliveryStatus(sid)).isEqualTo("accepted");

        assertThat(webhooks.post(Webhooks.TWILIO_STATUS, Webhooks.FORM, body.getBytes(StandardCharsets.UTF_8),
                "X-Twilio-Signature", signature).statusCode()).isEqualTo(200);
        assertThat(deliveryStatus(sid)).isEqualTo("delivered");
    }

    @Test
    void metaWebhookWithAForgedChangedExtendedReformattedOrMissingSignatureIsRefusedAndStoresNothing() {
        String template = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
                + "\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Kerry\"},"
                + "\"wa_id\":\"16505551234\"}],\"messages\":[{\"from\":\"16505551234\",\"id\":\"wamid.replay1\","
                + "\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"pay 10 EUR\"}}]},"
                + "\"field\":\"messages\"}]}]}";
        byte[] original = template.getBytes(StandardCharsets.UTF_8);
        String signature = Webhooks.metaSignature(original);

        Map<String, Object[]> attempts = new LinkedHashMap<>();
        attempts.put("forged", new Object[] {original, "sha256=" + "ab".repeat(32)});
        attempts.put("made with another app secret", new Object[] {original,
                MetaSignatureVerifier.sign(original, "another_app_secret")});
        attempts.put("one byte changed", new Object[] {template.replace("pay 10", "pay 90"), signature});
        attempts.put("another sender", new Object[] {template.replace("16505551234", "16505559999"), signature});
        attempts.put("one field added", new Object[] {template.replace("\"type\":\"text\",",
                "\"type\":\"text\",\"context\":{\"forwarded\":true},"), signature});
        attempts.put("reformatted", new Object[] {template.replace(",", ", "), signature});
        attempts.put("signature of another notification", new Object[] {original,
                Webhooks.metaSignature(
                        template.replace("wamid.replay1", "wamid.replay2").getBytes(StandardCharsets.UTF_8))});
        attempts.put("only the legacy SHA-1 header", new Object[] {original, null});
        attempts.put("empty value", new Object[] {original, "sha256="});
        attempts.put("missing", new Object[] {original, null});

        Webhooks webhooks = new Webhooks(port);
        attempts.forEach((what, attempt) -> {
            byte[] body = attempt[0] instanceof String text
                    ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) attempt[0];
            HttpResponse<String> answer = what.startsWith("only the legacy")
                    ? webhooks.post(Webhooks.META, Webhooks.JSON, body, "X-Hub-Signature", "sha1=" + "ab".repeat(20))
                    : webhooks.post(Webhooks.META, Webhooks.JSON, body, "X-Hub-Signature-256", (String) attempt[1]);
            assertRefused(what, answer, "invalid signature");
        });
        assertNothingStored();

        assertThat(webhooks.meta(original).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT content FROM kommo_messages WHERE role = 'user'", String.class))
                .isEqualTo("pay 10 EUR");
    }

    @Test
    void kommoWebhookIsRefusedUnlessTheExactSecretIsInTheQueryString() {
        Map<String, String> form = KommoWebhooks.message(0, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "incoming", "pay 10 EUR");
        byte[] body = TwilioWebhooks.encode(form).getBytes(StandardCharsets.UTF_8);
        String secret = FakeProviders.KOMMO_WEBHOOK_SECRET;
        Webhooks webhooks = new Webhooks(port);

        Map<String, HttpResponse<String>> attempts = new LinkedHashMap<>();
        attempts.put("missing", webhooks.post(Webhooks.KOMMO, Webhooks.FORM, body));
        attempts.put("empty", webhooks.post(Webhooks.KOMMO + "?secret=", Webhooks.FORM, body));
        attempts.put("wrong", webhooks.post(Webhooks.KOMMO + Webhooks.kommoQuery("guess"), Webhooks.FORM, body));
        attempts.put("one character more", webhooks.post(Webhooks.KOMMO + Webhooks.kommoQuery(secret + "x"),
                Webhooks.FORM, body));
        attempts.put("one character less", webhooks.post(Webhooks.KOMMO + Webhooks.kommoQuery(secret.substring(1)),
                Webhooks.FORM, body));
        attempts.put("other case", webhooks.post(Webhooks.KOMMO + Webhooks.kommoQuery(secret.toUpperCase()),
                Webhooks.FORM, body));
        attempts.put("parameter name in other case", webhooks.post(Webhooks.KOMMO + "?Secret=" + secret,
                Webhooks.FORM, body));
        attempts.put("wrong first, right second", webhooks.post(Webhooks.KOMMO + "?secret=guess&secret=" + secret,
                Webhooks.FORM, body));
        attempts.put("in a header", webhooks.post(Webhooks.KOMMO, Webhooks.FORM, body, "secret", secret));
        attempts.put("as a bearer token", webhooks.post(Webhooks.KOMMO, Webhooks.FORM, body,
                "Authorization", "Bearer " + secret));
        attempts.put("in the body", webhooks.post(Webhooks.KOMMO, Webhooks.FORM,
                (TwilioWebhooks.encode(form) + "&secret=" + secret).getBytes(StandardCharsets.UTF_8)));
        attempts.forEach((what, answer) -> assertRefused(what, answer, "invalid secret"));
        assertNothingStored();

        assertThat(webhooks.post(Webhooks.KOMMO + Webhooks.kommoQuery(secret), Webhooks.FORM, body).statusCode())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT content FROM kommo_messages WHERE role = 'user'", String.class))
                .isEqualTo("pay 10 EUR");
    }

    private static void assertRefused(String what, HttpResponse<String> answer, String error) {
        assertThat(answer.statusCode()).as(what).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.body()).as(what).startsWith("{\"error\":\"" + error + "\"");
    }

    private void assertNothingStored() {
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
        assertThat(OPENAI.findAll(WireMock.postRequestedFor(WireMock.anyUrl()))).isEmpty();
    }

    private String deliveryStatus(String sid) {
        return jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE provider_message_id = ?",
                String.class, sid);
    }
}
