package io.wagateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Webhook bodies over the limit (1 MB by default) are refused with 413, whether declared or chunked. */
class BodySizeLimitTest extends GatewayIntegrationTest {

    private static final int OVER_LIMIT = 1024 * 1024 + 1;

    @Test
    void bodyOverTheLimitIsA413WithAJsonErrorAndNothingIsStored() {
        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000051", "+15550005555",
                "x".repeat(OVER_LIMIT));

        HttpResponse<String> response = postTwilio(form);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\":\"body too large\"");
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void chunkedBodyOverTheLimitIsA413Too() {
        byte[] body = new byte[OVER_LIMIT];
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhooks/meta"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void chunkedBodyUnderTheLimitReachesTheWebhookIntact() {
        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000052", "+15550005555", "hello");
        String signature = TwilioWebhooks.sign(PUBLIC_BASE_URL + "/webhooks/twilio", form,
                io.wagateway.support.FakeProviders.AUTH_TOKEN);
        byte[] body = TwilioWebhooks.encode(form).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhooks/twilio"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT content FROM kommo_messages WHERE role = 'user'", String.class))
                .isEqualTo("hello");
    }
}
