package io.wagateway.assistant;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.wagateway.worker.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * The HTTP client of the chat and transcription models: langchain4j's JDK client, except that an error answer keeps
 * its {@code Retry-After} ({@link AiHttpStatusException}), so a rate-limited reply is tried again when the
 * model's API says, not earlier. Streaming requests (unused here) go to the JDK client.
 */
final class AiHttpClient implements HttpClient {

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;
    private final HttpClient otherRequests;
    private final Clock clock;

    AiHttpClient(java.net.http.HttpClient client, Duration readTimeout, HttpClient otherRequests, Clock clock) {
        this.client = client;
        this.readTimeout = readTimeout;
        this.otherRequests = otherRequests;
        this.clock = clock;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(toJdk(request), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 200 || response.statusCode() >= 300) {
                throw new AiHttpStatusException(response.statusCode(), response.body(),
                        RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .body(response.body())
                    .build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        otherRequests.execute(request, parser, listener);
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        boolean multipart = !request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty();
        request.headers().forEach((name, values) -> {
            if (!multipart || !"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        if (multipart) {
            // a transcription's file: sent with its length, over HTTP/1.1 (the JDK's upgrade to HTTP/2 over plain
            // http fails with a large body)
            MultipartBody body = MultipartBody.of(request.formDataFields(), request.formDataFiles());
            builder.header("Content-Type", body.contentType())
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .method(request.method().name(),
                            java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        } else {
            builder.method(request.method().name(), request.body() == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        }
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        return builder.build();
    }
}
