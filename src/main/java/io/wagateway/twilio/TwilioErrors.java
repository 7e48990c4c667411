package io.wagateway.twilio;

import com.fasterxml.jackson.core.JacksonException;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * What a failed Twilio call means. Worth another try: no answer (the network, a timeout), 5xx and 429; any
 * other 4xx is final, and so is a success answer that cannot be read (the message may have gone out). The SDK
 * reports a request that got no answer as an {@link ApiException} without status whose cause is the
 * {@link IOException}; error answers come as {@link TwilioErrorAnswer}s.
 */
final class TwilioErrors {

    private TwilioErrors() {
    }

    static boolean isRetryable(Throwable failure) {
        if (unreadable(failure)) {
            return false;
        }
        if (ioFailure(failure) != null || connectionFailure(failure)) {
            return true;
        }
        ApiException api = apiFailure(failure);
        if (api == null) {
            return false;
        }
        Integer status = api.getStatusCode();
        return status == null || status == 429 || status >= 500;
    }

    /** {@code timeout} or {@code network_error} without an answer, else Twilio's error code, else {@code http_<status>}. */
    static String codeOf(Throwable failure) {
        if (unreadable(failure)) {
            return "unreadable_response";
        }
        IOException io = ioFailure(failure);
        if (io != null) {
            return io instanceof InterruptedIOException ? "timeout" : "network_error";
        }
        if (connectionFailure(failure)) {
            return "network_error";
        }
        ApiException api = apiFailure(failure);
        if (api != null) {
            return api.getCode() != null ? String.valueOf(api.getCode())
                    : api.getStatusCode() != null ? "http_" + api.getStatusCode() : "twilio_error";
        }
        return "send_error";
    }

    static String messageOf(Throwable failure) {
        ApiException api = apiFailure(failure);
        if (api != null && ioFailure(failure) == null) {
            return api.getMessage();
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Twilio's {@code Retry-After}, when its error answer carried one. */
    static String retryAfterOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TwilioErrorAnswer answer) {
                return answer.retryAfter();
            }
        }
        return null;
    }

    private static ApiException apiFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    private static boolean connectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** No answer: an I/O failure that is not Jackson's (which is an IOException too). */
    private static IOException ioFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException io && !(t instanceof JacksonException)) {
                return io;
            }
        }
        return null;
    }

    private static boolean unreadable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JacksonException) {
                return true;
            }
        }
        return false;
    }
}
