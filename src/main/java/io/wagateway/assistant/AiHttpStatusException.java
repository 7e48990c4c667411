package io.wagateway.assistant;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;

/**
 * A model API's error answer, with its {@code Retry-After} kept: langchain4j's own {@link HttpException}
 * carries only the status and the body. langchain4j maps it like any {@link HttpException} (429 to a
 * {@code RateLimitException}, 5xx to an {@code InternalServerException}...), with this one as the cause.
 */
public class AiHttpStatusException extends HttpException {

    private final transient Duration retryAfter;

    public AiHttpStatusException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** How long the server asked to wait, {@code null} when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
