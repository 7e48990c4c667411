package io.wagateway.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.outbound.ProviderErrors;
import io.wagateway.outbound.SendFailure;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.util.ObjectHelper;
import org.springframework.stereotype.Component;

/**
 * What a failed Graph API call means. camel-whatsapp reports a non-2xx answer as an exception whose
 * message is {@code "<uri> responded: <status> and body: <body>"}; the body is Graph's error JSON
 * ({@code {"error": {"message", "type", "code", "error_data": {"details"}, "fbtrace_id"}}}). Besides 5xx and
 * 429, Graph's throttling codes are worth another try, whatever the status; a request without answer comes as
 * such an answer too ({@link GraphHttpClient}).
 */
@Component
class MetaErrors implements ProviderErrors {

    private static final Pattern RESPONDED = Pattern.compile(" responded: (\\d{3}) and body: (.*)", Pattern.DOTALL);
    /** Throughput and rate limits (130429, 131056 pair rate, 4, 80007, 613): they pass with time. */
    private static final Set<String> THROTTLING_CODES = Set.of("130429", "131056", "4", "80007", "613");

    private final ObjectMapper json;

    MetaErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public SendFailure meaningOf(Throwable failure) {
        for (Throwable cause : ObjectHelper.createExceptionIterable(failure)) {
            Matcher matcher = cause.getMessage() == null ? null : RESPONDED.matcher(cause.getMessage());
            if (matcher != null && matcher.find()) {
                return parse(Integer.parseInt(matcher.group(1)), matcher.group(2));
            }
        }
        return null;
    }

    /**
     * Reads Graph's error JSON: Meta's code and message with its details, and the {@code Retry-After} that
     * {@link GraphHttpClient} carries in it; a body that is not JSON is kept as the message.
     */
    SendFailure parse(int status, String body) {
        try {
            JsonNode answer = json.readTree(body);
            JsonNode error = answer.path("error");
            JsonNode retryAfter = answer.path(GraphHttpClient.RETRY_AFTER_FIELD);
            String code = error.path("code").isValueNode() ? error.path("code").asText() : null;
            String message = error.path("message").isValueNode() ? error.path("message").asText() : null;
            String details = error.path("error_data").path("details").isValueNode()
                    ? error.path("error_data").path("details").asText() : null;
            String text = message == null ? details
                    : details == null || details.equals(message) ? message : message + ": " + details;
            SendFailure failure = SendFailure.answered(status, code,
                    text != null ? text : "HTTP " + status + ": " + abbreviate(body),
                    retryAfter.isValueNode() ? retryAfter.asText() : null);
            return code != null && THROTTLING_CODES.contains(code) ? failure.worthAnotherTry() : failure;
        } catch (IOException | RuntimeException e) {
            return SendFailure.answered(status, null, "HTTP " + status + ": " + abbreviate(body), null);
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
