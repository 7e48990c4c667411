package io.wagateway.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiException;
import com.twilio.exception.RestException;
import com.twilio.http.Response;

/**
 * Twilio's error answer as the SDK reports it (its code, message and HTTP status), plus the
 * {@code Retry-After} header the SDK drops: thrown by {@link TwilioHttpClient} for an error answer that
 * carries one, so that the send can wait as long as Twilio asked.
 */
final class TwilioErrorAnswer extends ApiException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String retryAfter;

    private TwilioErrorAnswer(String message, Integer code, String moreInfo, int status, String retryAfter) {
        super(message, code, moreInfo, status, null);
        this.retryAfter = retryAfter;
    }

    /** The answer's JSON error ({@code code}, {@code message}, {@code more_info}), as the SDK would read it. */
    static TwilioErrorAnswer of(Response response, String retryAfter) {
        RestException error = null;
        try {
            error = response.getStream() == null ? null : RestException.fromJson(response.getStream(), JSON);
        } catch (RuntimeException e) {
            // not Twilio's JSON: the status speaks for it
        }
        int status = response.getStatusCode();
        return error == null || error.getMessage() == null
                ? new TwilioErrorAnswer("HTTP " + status, null, null, status, retryAfter)
                : new TwilioErrorAnswer(error.getMessage(), error.getCode(), error.getMoreInfo(), status, retryAfter);
    }

    /** The header's value as Twilio sent it: seconds or an HTTP-date. */
    String retryAfter() {
        return retryAfter;
    }
}
