package io.wagateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.meta.MetaSignatureVerifier;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What each webhook route answers once it has done its work: the status, content type and body its provider
 * expects, and none of the request's headers sent back.
 */
class WebhookAnswersTest extends GatewayIntegrationTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PROBE = "X-Echo-Probe";
    /** What Tomcat adds; every request header (the probe, signatures, Host, User-Agent...) stays out. */
    private static final String[] ANSWER_HEADERS = {"content-type", "content-length", "transfer-encoding", "date"};

    @Test
    void twilioInboundAnswersAnEmptyTwimlResponse() {
        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000201", "+15550002001", "hi");

        HttpResponse<String> answer = post("/webhooks/twilio", FORM, TwilioWebhooks.encode(form),
                "X-Twilio-Signature", twilioSignature("/webhooks/twilio", form));

        assertAnswer(answer, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    }

    @Test
    void twilioStatusAnswers200WithAnEmptyBody() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM0000000000000000000000000000dead");
        form.put("MessageStatus", "delivered");
        form.put("AccountSid", FakeProviders.ACCOUNT_SID);

        HttpResponse<String> answer = post("/webhooks/twilio/status", FORM, TwilioWebhooks.encode(form),
                "X-Twilio-Signature", twilioSignature("/webhooks/twilio/status", form));

        assertAnswer(answer, null, "");
    }

    @Test
    void metaInboundAnswersEventReceived() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}";

        HttpResponse<String> answer = post("/webhooks/meta", "application/json", body, "X-Hub-Signature-256",
                MetaSignatureVerifier.sign(body.getBytes(StandardCharsets.UTF_8), FakeProviders.META_APP_SECRET));

        assertAnswer(answer, "text/plain", "EVENT_RECEIVED");
    }

    @Test
    void metaVerifyAnswersTheChallenge() {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
                        + FakeProviders.META_VERIFY_TOKEN))
                .timeout(Duration.ofSeconds(30)).header(PROBE, "1").GET().build());

        assertAnswer(answer, "text/plain", "1158201444");
    }

    @Test
    void kommoInboundAnswersStatusOk() {
        String body = TwilioWebhooks.encode(KommoWebhooks.message(0, "c0ffee00-0000-4000-8000-000000000201",
                KommoWebhooks.FIXTURE_CHAT_ID, "incoming", "hi"));

        HttpResponse<String> answer = post("/webhooks/kommo?secret=" + FakeProviders.KOMMO_WEBHOOK_SECRET, FORM, body);

        assertAnswer(answer, "application/json", "{\"status\":\"ok\"}");
    }

    private static void assertAnswer(HttpResponse<String> answer, String contentType, String body) {
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).isEqualTo(Optional.ofNullable(contentType));
        assertThat(answer.body()).isEqualTo(body);
        assertThat(answer.headers().map().keySet()).map(String::toLowerCase).isSubsetOf(ANSWER_HEADERS);
    }

    private static String twilioSignature(String path, Map<String, String> form) {
        return TwilioWebhooks.sign(PUBLIC_BASE_URL + path, form, FakeProviders.AUTH_TOKEN);
    }

    /** A POST carrying {@code headers} (name, value, ...) and a probe header that must not come back. */
    private HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header(PROBE, "1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }
}
