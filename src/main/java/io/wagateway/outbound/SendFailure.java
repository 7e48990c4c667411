package io.wagateway.outbound;

import org.springframework.core.NestedExceptionUtils;

/**
 * What a failed provider call means for the message ({@link ProviderErrors}): worth another try or final, the
 * error code and text its row records, and the provider's {@code Retry-After} (seconds or an HTTP-date) when
 * its answer carried one.
 */
public record SendFailure(boolean retryable, String code, String message, String retryAfter) {

    /** A provider's error answer: worth another try when it is 429 or 5xx; its code, else {@code http_<status>}. */
    public static SendFailure answered(int status, String code, String message, String retryAfter) {
        return new SendFailure(status == 429 || status >= 500, code != null ? code : "http_" + status, message,
                retryAfter);
    }

    /** No answer came (the network, a timeout): worth another try, described by what went wrong. */
    public static SendFailure noAnswer(String code, Throwable failure) {
        return new SendFailure(true, code, describe(failure), null);
    }

    /** A final failure, described by what went wrong. */
    public static SendFailure refused(String code, Throwable failure) {
        return new SendFailure(false, code, describe(failure), null);
    }

    /** The same failure, worth another try: an error answer the provider says passes with time. */
    public SendFailure worthAnotherTry() {
        return new SendFailure(true, code, message, retryAfter);
    }

    /** {@code <SimpleName>: <message>} of the root cause. */
    static String describe(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
