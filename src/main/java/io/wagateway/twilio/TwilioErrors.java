package io.wagateway.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import io.wagateway.outbound.ProviderErrors;
import io.wagateway.outbound.SendFailure;
import org.apache.camel.util.ObjectHelper;
import org.springframework.stereotype.Component;

/**
 * What a failed Twilio call means: its error answers come as {@link TwilioErrorAnswer}s (Twilio's code and
 * message, the HTTP status, {@code Retry-After}); an {@link ApiException} without status is the SDK telling of
 * a request that got no answer, and so is an {@link ApiConnectionException}: both worth another try.
 */
@Component
class TwilioErrors implements ProviderErrors {

    @Override
    public SendFailure meaningOf(Throwable failure) {
        ApiException api = ObjectHelper.getException(ApiException.class, failure);
        if (api != null) {
            String code = api.getCode() == null ? null : String.valueOf(api.getCode());
            if (api.getStatusCode() == null) {
                return new SendFailure(true, code != null ? code : "twilio_error", api.getMessage(), null);
            }
            String retryAfter = api instanceof TwilioErrorAnswer answer ? answer.retryAfter() : null;
            return SendFailure.answered(api.getStatusCode(), code, api.getMessage(), retryAfter);
        }
        if (ObjectHelper.getException(ApiConnectionException.class, failure) != null) {
            return SendFailure.noAnswer("network_error", failure);
        }
        return null;
    }
}
