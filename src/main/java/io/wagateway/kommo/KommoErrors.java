package io.wagateway.kommo;

import static io.wagateway.canonical.Text.isBlank;

import io.wagateway.outbound.ProviderErrors;
import io.wagateway.outbound.SendFailure;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;
import org.springframework.stereotype.Component;

/**
 * What a failed Chats API call means: camel-http reports an error answer as an
 * {@link HttpOperationFailedException}, headers included; its text is Kommo's (the answer's body).
 */
@Component
class KommoErrors implements ProviderErrors {

    @Override
    public SendFailure meaningOf(Throwable failure) {
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        if (http == null) {
            return null;
        }
        String body = http.getResponseBody();
        String message = isBlank(body)
                ? "HTTP " + http.getStatusCode() + " " + http.getStatusText()
                : body.strip();
        return SendFailure.answered(http.getStatusCode(), null, message, retryAfterOf(http));
    }

    private static String retryAfterOf(HttpOperationFailedException http) {
        if (http.getResponseHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> header : http.getResponseHeaders().entrySet()) {
            if ("Retry-After".equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }
}
