package io.wagateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

/** What holds for the failures of every provider, whatever its own errors mean. */
class ProviderErrorsTest {

    /** A provider whose own errors are the {@link IllegalStateException}s: a 503 answer. */
    private static final ProviderErrors PROVIDER = failure -> failure instanceof IllegalStateException
            ? SendFailure.answered(503, null, failure.getMessage(), "5") : null;

    @Test
    void theProvidersOwnErrorIsJudgedByIt() {
        SendFailure failure = PROVIDER.judge(new IllegalStateException("Service Unavailable"));

        assertThat(failure).isEqualTo(new SendFailure(true, "http_503", "Service Unavailable", "5"));
    }

    @Test
    void noAnswerIsATimeoutOrANetworkErrorWorthAnotherTry() {
        SendFailure timedOut = PROVIDER.judge(new RuntimeCamelException(new SocketTimeoutException("Read timed out")));
        SendFailure reset = PROVIDER.judge(new RuntimeCamelException(new IOException("Connection reset")));

        assertThat(timedOut).isEqualTo(new SendFailure(true, "timeout", "SocketTimeoutException: Read timed out",
                null));
        assertThat(reset).isEqualTo(new SendFailure(true, "network_error", "IOException: Connection reset", null));
    }

    @Test
    void anAnswerThatCannotBeReadIsFinalThoughJacksonsFailureIsAnIoException() {
        SendFailure unreadable = PROVIDER.judge(new RuntimeCamelException(new JsonParseException(null, "Unexpected")));

        assertThat(unreadable.retryable()).isFalse();
        assertThat(unreadable.code()).isEqualTo("unreadable_response");
    }

    @Test
    void anythingElseIsAFinalSendError() {
        SendFailure failure = PROVIDER.judge(new RuntimeCamelException(new IllegalArgumentException("no phone")));

        assertThat(failure).isEqualTo(new SendFailure(false, "send_error", "IllegalArgumentException: no phone", null));
    }

    @Test
    void anAnswerIsWorthAnotherTryOnlyWhenItIs429Or5xxOrTheProviderSaysSo() {
        assertThat(SendFailure.answered(429, "20429", "Too Many Requests", "7").retryable()).isTrue();
        assertThat(SendFailure.answered(400, null, "Bad Request", null))
                .isEqualTo(new SendFailure(false, "http_400", "Bad Request", null));
        assertThat(SendFailure.answered(400, "130429", "Rate limit hit", null).worthAnotherTry().retryable()).isTrue();
    }
}
