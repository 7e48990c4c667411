package io.wagateway.kommo;

import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Which Chats API failures are worth another try: 5xx, 429 and the network; a 4xx is final. */
final class KommoErrors {

    private KommoErrors() {
    }

    static boolean isRetryable(Exchange exchange) {
        Throwable cause = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http.getStatusCode() == 429 || http.getStatusCode() >= 500;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** {@code http_<status>} for an answer Kommo refused, {@code send_error} when there was no answer. */
    static String codeOf(Throwable failure) {
        HttpOperationFailedException http = httpFailure(failure);
        return http != null ? "http_" + http.getStatusCode() : "send_error";
    }

    /** Kommo's own error text (the body of its answer), or what went wrong on the way. */
    static String messageOf(Throwable failure) {
        HttpOperationFailedException http = httpFailure(failure);
        if (http != null) {
            String body = http.getResponseBody();
            return body == null || body.isBlank()
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
