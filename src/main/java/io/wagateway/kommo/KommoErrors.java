package io.wagateway.kommo;

import static io.wagateway.canonical.Text.isBlank;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * What a failed Chats API call means. Worth another try: 5xx, 429, timeouts and the network; any other 4xx is
 * final. camel-http reports an error answer as an {@link HttpOperationFailedException}, headers included.
 */
final class KommoErrors {

    private KommoErrors() {
    }

    static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http.getStatusCode() == 429 || http.getStatusCode() >= 500;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** {@code http_<status>} for an answer Kommo refused; {@code timeout} or {@code network_error} without one. */
    static String codeOf(Throwable failure) {
        HttpOperationFailedException http = httpFailure(failure);
        if (http != null) {
            return "http_" + http.getStatusCode();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t instanceof InterruptedIOException ? "timeout" : "network_error";
            }
        }
        return "send_error";
    }

    /** The answer's {@code Retry-After} header, or {@code null}. */
    static String retryAfterOf(Throwable failure) {
        HttpOperationFailedException http = httpFailure(failure);
        if (http == null || http.getResponseHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> header : http.getResponseHeaders().entrySet()) {
            if ("Retry-After".equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }

    /** Kommo's own error text (the body of its answer), or what went wrong on the way. */
    static String messageOf(Throwable failure) {
        HttpOperationFailedException http = httpFailure(failure);
        if (http != null) {
            String body = http.getResponseBody();
            return isBlank(body)
                    ? "HTTP " + http.getStatusCode() + " " + http.getStatusText()
                    : body.strip();
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static HttpOperationFailedException httpFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http;
            }
        }
        return null;
    }
}
