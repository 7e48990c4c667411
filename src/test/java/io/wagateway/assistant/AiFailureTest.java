package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The exceptions as langchain4j 1.10's OpenAI model throws them: its mapped type, our HTTP error as the cause. */
class AiFailureTest {

    @Test
    void rateLimitIsRetriedAfterTheApisRetryAfter() {
        RateLimitException failure = new RateLimitException(
                new AiHttpStatusException(429, "{\"error\":\"slow down\"}", Duration.ofSeconds(7)));

        assertThat(AiFailure.retryable(failure)).isTrue();
        assertThat(AiFailure.retryAfter(failure)).isEqualTo(Duration.ofSeconds(7));
        assertThat(AiFailure.describe(failure))
                .isEqualTo("rate limited (HTTP 429, Retry-After 7 s): {\"error\":\"slow down\"}");
    }

    @Test
    void serverErrorsTimeoutsAndNetworkErrorsAreRetried() {
        assertThat(AiFailure.retryable(new InternalServerException(new AiHttpStatusException(503, "busy", null))))
                .isTrue();
        assertThat(AiFailure.retryable(new TimeoutException(new HttpTimeoutException("request timed out")))).isTrue();
        assertThat(AiFailure.retryable(new TimeoutException(new AiHttpStatusException(408, "", null)))).isTrue();
        assertThat(AiFailure.retryable(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
        assertThat(AiFailure.retryable(new UnresolvedModelServerException(new IllegalArgumentException()))).isTrue();
        assertThat(AiFailure.retryAfter(new InternalServerException(new AiHttpStatusException(503, "busy", null))))
                .isNull();
    }

    @Test
    void aRefusedRequestIsNotRetried() {
        assertThat(AiFailure.retryable(new AuthenticationException(new AiHttpStatusException(401, "bad key", null))))
                .isFalse();
        assertThat(AiFailure.retryable(new InvalidRequestException(new AiHttpStatusException(400, "too long", null))))
                .isFalse();
        assertThat(AiFailure.retryable(new ContentFilteredException("filtered"))).isFalse();
    }

    @Test
    void anUnexpectedFailureOfTheCallIsRetried() {
        assertThat(AiFailure.retryable(new IllegalStateException("cannot parse the answer"))).isTrue();
    }

    @Test
    void theReasonNamesTheKindAndFitsOnOneShortLine() {
        assertThat(AiFailure.describe(new TimeoutException(new HttpTimeoutException("request timed out"))))
                .isEqualTo("timeout: request timed out");
        assertThat(AiFailure.describe(new RuntimeException(new ConnectException("Connection refused"))))
                .isEqualTo("network error: ConnectException: Connection refused");
        assertThat(AiFailure.describe(new AuthenticationException(new AiHttpStatusException(401, "bad\nkey", null))))
                .isEqualTo("refused (HTTP 401): bad key");
        String longBody = "x".repeat(5000);
        assertThat(AiFailure.describe(new InternalServerException(new AiHttpStatusException(500, longBody, null))))
                .hasSize(AiFailure.MAX_REASON_LENGTH).startsWith("server error (HTTP 500): xxx");
    }

    @Test
    void aJobFailureIsDescribedByItsRootCause() {
        assertThat(ReplyJobFailure.describe(new IllegalStateException("wrapped",
                new IOException("ERROR: poisoned reply row"))))
                .isEqualTo("IOException: ERROR: poisoned reply row");
    }
}
