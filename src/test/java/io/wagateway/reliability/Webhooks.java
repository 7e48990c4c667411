package io.wagateway.reliability;

import io.wagateway.meta.MetaSignatureVerifier;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The three providers' webhooks as HTTP requests to a gateway on localhost: signed the way each provider
 * signs (Twilio's X-Twilio-Signature over the public URL and the fields, Meta's X-Hub-Signature-256 over the
 * raw bytes, Kommo's secret query parameter), or deliberately not.
 */
final class Webhooks {

    static final String TWILIO = "/webhooks/twilio";
    static final String TWILIO_STATUS = "/webhooks/twilio/status";
    static final String META = "/webhooks/meta";
    static final String KOMMO = "/webhooks/kommo";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final int port;

    Webhooks(int port) {
        this.port = port;
    }

    /** Twilio's signature of {@code form} posted to {@code path} of the gateway's public URL. */
    static String twilioSignature(String path, Map<String, String> form) {
        return TwilioWebhooks.sign(GatewayIntegrationTest.PUBLIC_BASE_URL + path, form, FakeProviders.AUTH_TOKEN);
    }

    static String metaSignature(byte[] body) {
        return MetaSignatureVerifier.sign(body, FakeProviders.META_APP_SECRET);
    }

    static String kommoQuery(String secret) {
        return secret == null ? "" : "?secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    }

    HttpResponse<String> twilio(Map<String, String> form) {
        return post(TWILIO, FORM, TwilioWebhooks.encode(form).getBytes(StandardCharsets.UTF_8),
                "X-Twilio-Signature", twilioSignature(TWILIO, form));
    }

    HttpResponse<String> meta(byte[] body) {
        return post(META, JSON, body, "X-Hub-Signature-256", metaSignature(body));
    }

    HttpResponse<String> kommo(Map<String, String> form) {
        return post(KOMMO + kommoQuery(FakeProviders.KOMMO_WEBHOOK_SECRET), FORM,
                TwilioWebhooks.encode(form).getBytes(StandardCharsets.UTF_8));
    }

    /** A POST of exactly these bytes, with {@code headers} as name, value, name, value... (null values left out). */
    HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
