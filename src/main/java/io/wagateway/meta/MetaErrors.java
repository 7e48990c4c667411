package io.wagateway.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed Graph API call means. camel-whatsapp reports a non-2xx answer as an exception whose
 * message is {@code "<uri> responded: <status> and body: <body>"}; the body is Graph's error JSON
 * ({@code {"error": {"message", "type", "code", "error_data": {"details"}, "fbtrace_id"}}}).
 * Worth another try: 5xx, 429, Graph's throttling codes, timeouts and the network; any other 4xx is final.
 */
public final class MetaErrors {

    private static final Pattern RESPONDED = Pattern.compile(" responded: (\\d{3}) and body: (.*)", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Throughput and rate limits (130429, 131056 pair rate, 4, 80007, 613): they pass with time. */
    private static final Set<String> THROTTLING_CODES = Set.of("130429", "131056", "4", "80007", "613");

    private MetaErrors() {
    }

    /** The Graph API's answer to a failed call, or the failure that had none; retryAfter from its header. */
    record Failure(int status, String code, String message, String retryAfter) {
    }

    static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && !(t instanceof com.fasterxml.jackson.core.JacksonException)) {
                return true;
            }
        }
        Failure answer = answerOf(failure);
        if (answer == null) {
            return false;
        }
        return answer.status() == 429 || answer.status() >= 500
                || (answer.code() != null && THROTTLING_CODES.contains(answer.code()));
    }

    /** The answer's {@code Retry-After} header ({@link GraphHttpClient} carries it in the body), or {@code null}. */
    static String retryAfterOf(Throwable failure) {
        Failure answer = answerOf(failure);
        return answer == null ? null : answer.retryAfter();
    }

    /** Meta's error code, {@code http_<status>} when the answer had none, else the kind of failure. */
    static String codeOf(Throwable failure) {
        Failure answer = answerOf(failure);
        if (answer != null) {
            return answer.code() != null ? answer.code() : "http_" + answer.status();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JacksonException) {
                return "unreadable_response";
            }
            if (t instanceof IOException) {
                return GraphHttpClient.NETWORK_ERROR_CODE;
            }
        }
        return "send_error";
    }

    /** Meta's error message with its details, or what went wrong. */
    static String messageOf(Throwable failure) {
        Failure answer = answerOf(failure);
        if (answer != null) {
            return answer.message();
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    static Failure answerOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Matcher matcher = t.getMessage() == null ? null : RESPONDED.matcher(t.getMessage());
            if (matcher != null && matcher.find()) {
                return parse(Integer.parseInt(matcher.group(1)), matcher.group(2));
            }
        }
        return null;
    }

    /** Reads Graph's error JSON; a body that is not JSON is kept as the message. */
    static Failure parse(int status, String body) {
        try {
            JsonNode answer = JSON.readTree(body);
            JsonNode error = answer.path("error");
            JsonNode retryAfter = answer.path(GraphHttpClient.RETRY_AFTER_FIELD);
            String code = error.path("code").isValueNode() ? error.path("code").asText() : null;
            String message = error.path("message").isValueNode() ? error.path("message").asText() : null;
            String details = error.path("error_data").path("details").isValueNode()
                    ? error.path("error_data").path("details").asText() : null;
            String text = message == null ? details
                    : details == null || details.equals(message) ? message : message + ": " + details;
            return new Failure(status, code, text != null ? text : "HTTP " + status + ": " + abbreviate(body),
                    retryAfter.isValueNode() ? retryAfter.asText() : null);
        } catch (IOException | RuntimeException e) {
            return new Failure(status, null, "HTTP " + status + ": " + abbreviate(body), null);
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
