package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway as the README's first run sees it: no credentials, no model, no public URL. The unsigned sample
 * webhook is accepted, the offline responder answers and the reply is stored as a dry run; a stored file cannot be
 * sent through Twilio, which would need a public link to fetch it.
 */
class OutOfTheBoxTest {

    @Test
    void withoutAnyCredentialsTheSampleMessageIsAnsweredByTheOfflineResponderAsADryRun() {
        try (GatewayProcess gateway = GatewayProcess.start(Map.of(
                "gateway.embedded-db.dir", Path.of("target", "test-pg", "plain-" + UUID.randomUUID()).toString(),
                "gateway.public-base-url", "",
                "gateway.twilio.account-sid", "",
                "gateway.twilio.auth-token", "",
                "gateway.ai.base-url", ""))) {
            HttpResponse<String> response = GatewayIntegrationTest.postForm(gateway.port(), "/webhooks/twilio",
                    "MessageSid=SM00000000000000000000000000000001&From=whatsapp%3A%2B15551234567"
                            + "&ProfileName=Ana&Body=Hello%21+Are+you+open+on+Sunday%3F", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.jdbc().queryForObject(
                    "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = 'dry_run'",
                    Integer.class) == 1);
            assertThat(gateway.jdbc().queryForObject(
                    "SELECT content FROM kommo_messages WHERE role = 'assistant'", String.class))
                    .contains("demo assistant");

            // without PUBLIC_BASE_URL Twilio could not fetch a stored file: refused before anything is stored
            String mediaId = upload(gateway.port());
            String conversation = gateway.jdbc().queryForObject("SELECT id::text FROM kommo_conversations",
                    String.class);
            HttpResponse<String> refused = api(gateway.port(), "/api/conversations/" + conversation + "/messages",
                    "application/json", ("{\"media\": \"" + mediaId + "\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("\"error\":\"no public link\"").contains("PUBLIC_BASE_URL");
            assertThat(gateway.jdbc().queryForObject("SELECT count(*) FROM kommo_messages", Integer.class))
                    .isEqualTo(2);
        }
    }

    private static String upload(int port) {
        String boundary = "----gateway-test-boundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nnot really a png\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> stored = api(port, "/api/media", "multipart/form-data; boundary=" + boundary, body);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        return stored.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    private static HttpResponse<String> api(int port, String path, String contentType, byte[] body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + GatewayIntegrationTest.API_TOKEN)
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
