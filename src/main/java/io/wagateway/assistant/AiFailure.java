package io.wagateway.assistant;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.time.Duration;

/**
 * What a failed call to the model means: whether another try can help (timeouts, 408, 429, 5xx, network
 * errors and anything unexpected: yes; a refused request, 401/403/404/400 or filtered content: no), how
 * long the model's API asked to wait, and a short reason for {@code reply_jobs.last_error} and the holding
 * message's {@code aiError}.
 */
public final class AiFailure {

    static final int MAX_REASON_LENGTH = 300;

    private AiFailure() {
    }

    public static boolean retryable(Throwable failure) {
        HttpException http = find(failure, HttpException.class);
        if (http != null) {
            return retryableStatus(http.statusCode());
        }
        if (find(failure, RetriableException.class) != null || find(failure, IOException.class) != null
                || find(failure, UnresolvedModelServerException.class) != null) {
            return true;
        }
        return find(failure, NonRetriableException.class) == null;
    }

    /** The model API's {@code Retry-After}, {@code null} when it sent none. */
    public static Duration retryAfter(Throwable failure) {
        AiHttpStatusException http = find(failure, AiHttpStatusException.class);
        return http == null ? null : http.retryAfter();
    }

    public static String describe(Throwable failure) {
        HttpException http = find(failure, HttpException.class);
        String reason;
        if (http != null) {
            Duration retryAfter = retryAfter(failure);
            reason = kindOf(http.statusCode()) + " (HTTP " + http.statusCode()
                    + (retryAfter == null ? "" : ", Retry-After " + retryAfter.toSeconds() + " s") + "): "
                    + http.getMessage();
        } else if (find(failure, TimeoutException.class) != null) {
            reason = "timeout: " + rootOf(failure).getMessage();
        } else if (find(failure, IOException.class) != null) {
            Throwable root = rootOf(failure);
            reason = "network error: " + root.getClass().getSimpleName() + ": " + root.getMessage();
        } else {
            Throwable root = rootOf(failure);
            reason = root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return shorten(reason);
    }

    /** A reason that fits a log line and a column: one line, at most {@value #MAX_REASON_LENGTH} characters. */
    static String shorten(String reason) {
        String oneLine = String.valueOf(reason).replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_REASON_LENGTH ? oneLine : oneLine.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }

    private static boolean retryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String kindOf(int status) {
        if (status == 429) {
            return "rate limited";
        }
        if (status == 408) {
            return "timeout";
        }
        return status >= 500 ? "server error" : "refused";
    }

    static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
