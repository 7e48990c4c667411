package io.wagateway.twilio;

import static io.wagateway.canonical.Text.isBlank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiException;
import com.twilio.exception.RestException;
import com.twilio.http.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Twilio's error answer as the SDK reports it (its code and message, from Twilio's JSON), with what the SDK
 * loses: the HTTP status when the body is not Twilio's JSON (a proxy's HTML page), and the
 * {@code Retry-After} header, so that the send can wait as long as Twilio asked. Thrown by
 * {@link TwilioHttpClient} for every error answer.
 */
final class TwilioErrorAnswer extends ApiException {

    private final String retryAfter;

    private TwilioErrorAnswer(String message, Integer code, String moreInfo, int status, String retryAfter) {
        super(message, code, moreInfo, status, null);
        this.retryAfter = retryAfter;
    }

    /** The answer's JSON error ({@code code}, {@code message}, {@code more_info}), as the SDK would read it. */
    static TwilioErrorAnswer of(Response response, String retryAfter, ObjectMapper json) {
        int status = response.getStatusCode();
        String body = response.getContent();
        RestException error = null;
        try {
            error = isBlank(body) ? null : RestException.fromJson(
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), json);
        } catch (RuntimeException e) {
            // not Twilio's JSON: the status and the body's beginning speak for it
        }
        if (error == null || error.getMessage() == null) {
            String text = isBlank(body) ? "" : ": " + abbreviate(body.strip());
            return new TwilioErrorAnswer("HTTP " + status + text, null, null, status, retryAfter);
        }
        return new TwilioErrorAnswer(error.getMessage(), error.getCode(), error.getMoreInfo(), status, retryAfter);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** The header's value as Twilio sent it: seconds or an HTTP-date. */
    String retryAfter() {
        return retryAfter;
    }
}
