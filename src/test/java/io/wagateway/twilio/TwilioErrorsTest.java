package io.wagateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.Response;
import io.wagateway.outbound.SendFailure;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

/** Twilio failures as the SDK and {@link TwilioHttpClient} report them, wrapped as camel-twilio wraps them. */
class TwilioErrorsTest {

    private static final TwilioErrors ERRORS = new TwilioErrors();

    private static SendFailure judge(Throwable failure) {
        return ERRORS.judge(failure);
    }

    private static RuntimeCamelException answered(int status, String body, String retryAfter) {
        return new RuntimeCamelException(TwilioErrorAnswer.of(new Response(body, status), retryAfter,
                new ObjectMapper()));
    }

    @Test
    void rateLimitAndServerErrorsAreRetriedWithTwiliosCodeAndRetryAfter() {
        RuntimeCamelException limited = answered(429, "{\"code\":20429,\"message\":\"Too Many Requests\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/20429\",\"status\":429}", "7");

        assertThat(judge(limited).retryable()).isTrue();
        assertThat(judge(limited).code()).isEqualTo("20429");
        assertThat(judge(limited).message()).isEqualTo("Too Many Requests");
        assertThat(judge(limited).retryAfter()).isEqualTo("7");
        assertThat(judge(answered(502, "", null)).retryable()).isTrue();
    }

    @Test
    void anAnswerThatIsNotTwiliosJsonKeepsItsStatus() {
        RuntimeCamelException html = answered(503, "<html>Service Unavailable</html>", null);

        assertThat(judge(html).retryable()).isTrue();
        assertThat(judge(html).code()).isEqualTo("http_503");
        assertThat(judge(html).message()).isEqualTo("HTTP 503: <html>Service Unavailable</html>");
        assertThat(judge(html).retryAfter()).isNull();
    }

    @Test
    void aClientErrorIsFinal() {
        RuntimeCamelException invalid = answered(400, "{\"code\":21211,\"message\":\"Invalid 'To' Phone Number\","
                + "\"status\":400}", "1");

        assertThat(judge(invalid).retryable()).isFalse();
        assertThat(judge(invalid).code()).isEqualTo("21211");
    }

    @Test
    void noAnswerIsATimeoutOrANetworkErrorAndRetried() {
        // how the SDK's NetworkHttpClient reports an IOException
        RuntimeCamelException timedOut = new RuntimeCamelException(
                new ApiException("Read timed out", new SocketTimeoutException("Read timed out")));
        RuntimeCamelException refused = new RuntimeCamelException(
                new ApiException("Connection refused", new ConnectException("Connection refused")));

        assertThat(judge(timedOut).retryable()).isTrue();
        assertThat(judge(timedOut).code()).isEqualTo("timeout");
        assertThat(judge(timedOut).message()).isEqualTo("SocketTimeoutException: Read timed out");
        assertThat(judge(refused).retryable()).isTrue();
        assertThat(judge(refused).code()).isEqualTo("network_error");
    }

    @Test
    void noConnectionAtAllIsANetworkErrorAndRetried() {
        // how the SDK reports a request that got no response object
        RuntimeCamelException unconnected = new RuntimeCamelException(
                new ApiConnectionException("Message creation failed: Unable to connect to server"));

        assertThat(judge(unconnected).retryable()).isTrue();
        assertThat(judge(unconnected).code()).isEqualTo("network_error");
        assertThat(judge(unconnected).message())
                .isEqualTo("ApiConnectionException: Message creation failed: Unable to connect to server");
    }

    @Test
    void aSuccessAnswerThatCannotBeReadIsNeverRetriedBecauseTheMessageMayHaveGoneOut() {
        RuntimeCamelException unreadable = new RuntimeCamelException(new ApiException("Unable to deserialize",
                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character")));

        assertThat(judge(unreadable).retryable()).isFalse();
        assertThat(judge(unreadable).code()).isEqualTo("unreadable_response");
    }
}
