package io.wagateway.meta;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The HTTP client handed to the camel-whatsapp component (component option {@code client}). It exists
 * because of how the component's REST adapter uses its client in Camel 4.17: it calls
 * {@code sendAsync(...).thenAccept(...)} and completes the exchange only inside {@code thenAccept}, so a
 * request that fails without an HTTP answer (connection refused or reset, timeout) would leave the
 * exchange, and the send worker thread waiting on it, hanging forever; and it sets no request timeout.
 * This client adds connect and request timeouts and turns a transport failure into a synthetic {@code 503}
 * answer in Graph's error shape ({@code "code": "network_error"}, or {@code "timeout"}), which the component
 * reports as a failed exchange that the send route retries like any other 5xx. The component also reports
 * an error answer by its status and body only, so the {@code Retry-After} header of one is carried into its
 * JSON body as {@value #RETRY_AFTER_FIELD} (a body that is not a JSON object stays as it is).
 */
final class GraphHttpClient extends HttpClient {

    static final int NETWORK_FAILURE_STATUS = 503;
    static final String NETWORK_ERROR_CODE = "network_error";
    static final String TIMEOUT_CODE = "timeout";
    /** The top-level member of an error answer's JSON that carries its {@code Retry-After} header. */
    static final String RETRY_AFTER_FIELD = "gateway_retry_after";

    private final HttpClient delegate;
    private final Duration requestTimeout;
    private final ObjectMapper json;

    GraphHttpClient(Duration timeout, ObjectMapper json) {
        this(HttpClient.newBuilder()
                .version(Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(Redirect.NEVER)
                .build(), timeout, json);
    }

    GraphHttpClient(HttpClient delegate, Duration requestTimeout, ObjectMapper json) {
        this.delegate = delegate;
        this.requestTimeout = requestTimeout;
        this.json = json;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                                                            HttpResponse.BodyHandler<T> handler) {
        HttpRequest timed = withTimeout(request);
        return delegate.sendAsync(timed, handler)
                .handle((response, failure) -> failure == null
                        ? CompletableFuture.completedFuture(withRetryAfterInBody(response))
                        : networkFailure(timed, handler, failure))
                .thenCompose(future -> future);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(withTimeout(request), handler);
    }

    private HttpRequest withTimeout(HttpRequest request) {
        if (request.timeout().isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).timeout(requestTimeout).build();
    }

    /** An error answer with {@code Retry-After}: the same answer, the header's value carried in its body. */
    <T> HttpResponse<T> withRetryAfterInBody(HttpResponse<T> response) {
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        if (response.statusCode() < 400 || retryAfter.isEmpty() || !(response.body() instanceof String body)) {
            return response;
        }
        String carried = carryRetryAfter(body, retryAfter.get());
        if (carried == null) {
            return response;
        }
        @SuppressWarnings("unchecked") // the body is a String, so T is String
        T typed = (T) carried;
        return new SyntheticResponse<>(response.request(), infoOf(response), typed);
    }

    /** The JSON object {@code body} with {@value #RETRY_AFTER_FIELD} added; {@code null} when it is no JSON object. */
    String carryRetryAfter(String body, String retryAfter) {
        try {
            if (json.readTree(body) instanceof ObjectNode object) {
                object.put(RETRY_AFTER_FIELD, retryAfter);
                return json.writeValueAsString(object);
            }
        } catch (IOException e) {
            // not JSON: left as it is
        }
        return null;
    }

    private static HttpResponse.ResponseInfo infoOf(HttpResponse<?> response) {
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public Version version() {
                return response.version();
            }
        };
    }

    /** Graph's error JSON for a request that got no HTTP answer. */
    static String networkFailureBody(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("message", "no answer from the Graph API: " + cause.getClass().getName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        error.put("type", "NetworkError");
        error.put("code", cause instanceof HttpTimeoutException ? TIMEOUT_CODE : NETWORK_ERROR_CODE);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("error", error);
        return body.toString();
    }

    private static <T> CompletableFuture<HttpResponse<T>> networkFailure(HttpRequest request,
                                                                       HttpResponse.BodyHandler<T> handler,
                                                                       Throwable failure) {
        byte[] body = networkFailureBody(failure).getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = HttpHeaders.of(Map.of("content-type", List.of("application/json")), (n, v) -> true);
        HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return NETWORK_FAILURE_STATUS;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public Version version() {
                return Version.HTTP_1_1;
            }
        };
        // the caller's own body handler reads the synthetic body, whatever type it produces
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(body)));
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture()
                .thenApply(content -> new SyntheticResponse<>(request, info, content));
    }

    private record SyntheticResponse<T>(HttpRequest request, HttpResponse.ResponseInfo info, T body)
            implements HttpResponse<T> {

        @Override
        public int statusCode() {
            return info.statusCode();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return info.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public Version version() {
            return info.version();
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
