package io.wagateway.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import java.io.IOException;
import org.apache.camel.Exchange;

/** Which Twilio failures are worth another try: 5xx, 429 and the network; a 4xx is final. */
public final class TwilioErrors {

    private TwilioErrors() {
    }

    public static boolean isRetryable(Exchange exchange) {
        Throwable cause = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ApiConnectionException || t instanceof IOException) {
                return true;
            }
            if (t instanceof ApiException api) {
                Integer status = api.getStatusCode();
                return status == null || status == 429 || status >= 500;
            }
        }
        return false;
    }

    /** Twilio's error code, or the HTTP status when there is none. */
    static String codeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api.getCode() != null ? String.valueOf(api.getCode())
                        : api.getStatusCode() != null ? "http_" + api.getStatusCode() : "twilio_error";
            }
        }
        return "send_error";
    }

    static String messageOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException) {
                return t.getMessage();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
