package io.wagateway.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.meta.MetaSignatureVerifier;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.GatewayProcess;
import io.wagateway.support.LogCapture;
import io.wagateway.support.TwilioWebhooks;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No credential ever reaches a log line. A gateway is started with every secret set to a value that cannot
 * be mistaken for anything else and driven through its success and failure paths while everything it logs
 * is recorded: the console (including what bypasses the logger) from its start to its stop, and every
 * logger's events at the levels it logs at by default, with MDC and stack traces, while it runs. The paths:
 * webhooks of the three providers, forged signatures and a wrong Kommo secret, a Kommo body refused with the
 * right secret, the Meta handshake, the model and all three providers answering {@code 401}, API and operator
 * requests with and without their token.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedTest {

    private static final Map<String, String> SECRETS = secrets();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void noCredentialAppearsInAnyLogLineFromStartToStopIncludingEveryFailurePath(CapturedOutput output) {
        FakeProviders.reset();
        everyProviderRefusesTheCredentials();
        List<ILoggingEvent> events;
        // the console is captured from the start; the logger once the gateway has set logging up (which
        // resets Logback's appenders)
        try (GatewayProcess gateway = GatewayProcess.start(settings()); LogCapture logs = LogCapture.open()) {
            int port = gateway.port();
            assertThat(twilio(port, SECRETS.get("TWILIO_AUTH_TOKEN")).statusCode()).isEqualTo(200);
            assertThat(meta(port, SECRETS.get("META_APP_SECRET")).statusCode()).isEqualTo(200);
            assertThat(kommo(port, SECRETS.get("KOMMO_WEBHOOK_SECRET"), "chat-" + UUID.randomUUID()).statusCode())
                    .isEqualTo(200);

            assertThat(twilio(port, "forged-auth-token").statusCode()).isEqualTo(403);
            assertThat(meta(port, "forged-app-secret").statusCode()).isEqualTo(403);
            assertThat(kommo(port, "guess", "chat-" + UUID.randomUUID()).statusCode()).isEqualTo(403);
            assertThat(kommo(port, SECRETS.get("KOMMO_WEBHOOK_SECRET"), "").statusCode()).isEqualTo(400);
            assertThat(get(port, "/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
                    + SECRETS.get("META_VERIFY_TOKEN"), null).statusCode()).isEqualTo(200);
            assertThat(get(port, "/webhooks/meta?hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess", null)
                    .statusCode()).isEqualTo(403);
            assertThat(twilioStatus(port).statusCode()).isEqualTo(200);

            assertThat(get(port, "/api/conversations", null).statusCode()).isEqualTo(401);
            assertThat(get(port, "/api/conversations", "Bearer guess").statusCode()).isEqualTo(401);
            assertThat(get(port, "/api/conversations", "Bearer " + SECRETS.get("API_TOKEN")).statusCode())
                    .isEqualTo(200);
            assertThat(get(port, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
            assertThat(get(port, "/actuator/prometheus", basic("admin:" + SECRETS.get("API_TOKEN"))).statusCode())
                    .isEqualTo(200);

            // the model refused, so each conversation got the holding message, which its provider refused too
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.jdbc().queryForObject(
                    "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = 'failed'",
                    Integer.class) == 3);
            events = logs.events();
        }

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getThreadName() + " "
                    + event.getMDCPropertyMap() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? ""
                            : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        lines.add(output.getAll());
        System.out.printf("SecretsNeverLoggedTest: %d log events and %d characters of console output searched for "
                + "%d secrets%n", events.size(), output.getAll().length(), forbidden().size());

        // the failure paths were really taken, and logged where this test looks
        for (List<String> where : List.of(lines.subList(0, events.size()), List.of(output.getAll()))) {
            assertThat(where).anyMatch(line -> line.contains("Assistant failed for conversation"));
            assertThat(where).anyMatch(line -> line.contains("Webhook refused: invalid signature"));
            assertThat(where).anyMatch(line -> line.contains("Webhook refused: invalid secret"));
            assertThat(where).anyMatch(line -> line.contains(": failed"));
        }
        for (String line : lines) {
            for (String secret : forbidden()) {
                assertThat(line).doesNotContain(secret);
            }
        }
    }

    /** Every secret, the forms it travels in (HTTP Basic of Twilio and of the operators), and their common prefix. */
    private static List<String> forbidden() {
        List<String> forbidden = new ArrayList<>(SECRETS.values());
        forbidden.add(Base64.getEncoder().encodeToString((FakeProviders.ACCOUNT_SID + ":"
                + SECRETS.get("TWILIO_AUTH_TOKEN")).getBytes(StandardCharsets.UTF_8)));
        forbidden.add(Base64.getEncoder().encodeToString(("admin:" + SECRETS.get("API_TOKEN"))
                .getBytes(StandardCharsets.UTF_8)));
        forbidden.add("SECRET-");
        return forbidden;
    }

    private static void everyProviderRefusesTheCredentials() {
        FakeProviders.OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: SEC***x6. You can find your API key "
                        + "at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":\"invalid_api_key\"}}")));
        FakeProviders.TWILIO.stubFor(post(urlPathEqualTo(FakeProviders.TWILIO_MESSAGES_PATH)).willReturn(aResponse()
                .withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                        + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}")));
        FakeProviders.GRAPH.stubFor(post(urlPathEqualTo(ProviderFakes.GRAPH_MESSAGES_PATH)).willReturn(aResponse()
                .withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid OAuth access token - Cannot parse access token\","
                        + "\"type\":\"OAuthException\",\"code\":190,\"fbtrace_id\":\"AbCdEf\"}}")));
        FakeProviders.KOMMO.stubFor(post(urlPathEqualTo(ProviderFakes.KOMMO_MESSAGES_PATH)).willReturn(aResponse()
                .withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"title\":\"Unauthorized\",\"type\":\"https://httpstatus.es/401\",\"status\":401,"
                        + "\"detail\":\"Signature is invalid\"}")));
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("gateway.embedded-db.dir",
                Path.of("target", "test-pg", "secrets-" + UUID.randomUUID()).toString());
        settings.put("gateway.embedded-db.clean", "true");
        settings.put("gateway.twilio.auth-token", SECRETS.get("TWILIO_AUTH_TOKEN"));
        settings.put("gateway.meta.app-secret", SECRETS.get("META_APP_SECRET"));
        settings.put("gateway.meta.access-token", SECRETS.get("META_ACCESS_TOKEN"));
        settings.put("gateway.meta.verify-token", SECRETS.get("META_VERIFY_TOKEN"));
        settings.put("gateway.kommo.webhook-secret", SECRETS.get("KOMMO_WEBHOOK_SECRET"));
        settings.put("gateway.kommo.channel-secret", SECRETS.get("KOMMO_CHANNEL_SECRET"));
        settings.put("gateway.ai.api-key", SECRETS.get("AI_API_KEY"));
        settings.put("gateway.api.token", SECRETS.get("API_TOKEN"));
        settings.put("gateway.retry.max-attempts", "2");
        return settings;
    }

    private static Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("TWILIO_AUTH_TOKEN", "SECRET-twilio-auth-token-4f1c");
        secrets.put("META_APP_SECRET", "SECRET-meta-app-secret-8d2e");
        secrets.put("META_ACCESS_TOKEN", "SECRET-meta-access-token-3b7a");
        secrets.put("META_VERIFY_TOKEN", "SECRET-meta-verify-token-6c9f");
        secrets.put("KOMMO_WEBHOOK_SECRET", "SECRET-kommo-webhook-secret-1e5d");
        secrets.put("KOMMO_CHANNEL_SECRET", "SECRET-kommo-channel-secret-9a4b");
        secrets.put("AI_API_KEY", "SECRET-ai-api-key-2f8c");
        secrets.put("API_TOKEN", "SECRET-api-token-7e3d");
        return secrets;
    }

    private static HttpResponse<String> twilio(int port, String authToken) {
        Map<String, String> form = TwilioWebhooks.text("SM" + UUID.randomUUID().toString().replace("-", ""),
                "+1555" + (1_000_000 + (int) (Math.random() * 8_000_000)), "where is my order?");
        return postForm(port, "/webhooks/twilio", TwilioWebhooks.encode(form), "X-Twilio-Signature",
                TwilioWebhooks.sign(GatewayIntegrationTest.PUBLIC_BASE_URL + "/webhooks/twilio", form, authToken));
    }

    private static HttpResponse<String> twilioStatus(int port) {
        Map<String, String> form = Map.of("MessageSid", "SM" + "0".repeat(32), "MessageStatus", "delivered");
        return postForm(port, "/webhooks/twilio/status", TwilioWebhooks.encode(form), "X-Twilio-Signature",
                TwilioWebhooks.sign(GatewayIntegrationTest.PUBLIC_BASE_URL + "/webhooks/twilio/status", form,
                        SECRETS.get("TWILIO_AUTH_TOKEN")));
    }

    private static HttpResponse<String> meta(int port, String appSecret) {
        String waId = "1650" + (1_000_000 + (int) (Math.random() * 8_000_000));
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"contacts\":[{\"profile\":{\"name\":\"Kerry\"},"
                + "\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"from\":\"" + waId + "\","
                + "\"id\":\"wamid." + UUID.randomUUID() + "\",\"timestamp\":"
                + "\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]},\"field\":\"messages\"}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/meta"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", MetaSignatureVerifier.sign(body, appSecret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static HttpResponse<String> kommo(int port, String secret, String chat) {
        Map<String, String> form = KommoWebhooks.message(0, UUID.randomUUID().toString(), chat, "incoming", "hello");
        return postForm(port, "/webhooks/kommo?secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8),
                TwilioWebhooks.encode(form));
    }

    private static HttpResponse<String> postForm(int port, String path, String body, String... header) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (header.length == 2) {
            request.header(header[0], header[1]);
        }
        return send(request.build());
    }

    private static HttpResponse<String> get(int port, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
