package io.wagateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.exception.ApiException;
import com.twilio.http.Response;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

/** Twilio failures as the SDK and {@link TwilioHttpClient} report them, wrapped as camel-twilio wraps them. */
class TwilioErrorsTest {

    private static RuntimeCamelException answered(int status, String body, String retryAfter) {
        return new RuntimeCamelException(TwilioErrorAnswer.of(new Response(body, status), retryAfter));
    }

    @Test
    void rateLimitAndServerErrorsAreRetriedWithTwiliosCodeAndRetryAfter() {
        RuntimeCamelException limited = answered(429, "{\"code\":20429,\"message\":\"Too Many Requests\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/20429\",\"status\":429}", "7");

        assertThat(TwilioErrors.isRetryable(limited)).isTrue();
        assertThat(TwilioErrors.codeOf(limited)).isEqualTo("20429");
        assertThat(TwilioErrors.messageOf(limited)).isEqualTo("Too Many Requests");
        assertThat(TwilioErrors.retryAfterOf(limited)).isEqualTo("7");
        assertThat(TwilioErrors.isRetryable(answered(502, "", null))).isTrue();
    }

    @Test
    void anAnswerThatIsNotTwiliosJsonKeepsItsStatus() {
        RuntimeCamelException html = answered(503, "<html>Service Unavailable</html>", null);

        assertThat(TwilioErrors.isRetryable(html)).isTrue();
        assertThat(TwilioErrors.codeOf(html)).isEqualTo("http_503");
        assertThat(TwilioErrors.messageOf(html)).isEqualTo("HTTP 503: <html>Service Unavailable</html>");
        assertThat(TwilioErrors.retryAfterOf(html)).isNull();
    }

    @Test
    void aClientErrorIsFinal() {
        RuntimeCamelException invalid = answered(400, "{\"code\":21211,\"message\":\"Invalid 'To' Phone Number\","
                + "\"status\":400}", "1");

        assertThat(TwilioErrors.isRetryable(invalid)).isFalse();
        assertThat(TwilioErrors.codeOf(invalid)).isEqualTo("21211");
    }

    @Test
    void noAnswerIsATimeoutOrANetworkErrorAndRetried() {
        // how the SDK's NetworkHttpClient reports an IOException
        RuntimeCamelException timedOut = new RuntimeCamelException(
                new ApiException("Read timed out", new SocketTimeoutException("Read timed out")));
        RuntimeCamelException refused = new RuntimeCamelException(
                new ApiException("Connection refused", new ConnectException("Connection refused")));

        assertThat(TwilioErrors.isRetryable(timedOut)).isTrue();
        assertThat(TwilioErrors.codeOf(timedOut)).isEqualTo("timeout");
        assertThat(TwilioErrors.messageOf(timedOut)).isEqualTo("SocketTimeoutException: Read timed out");
        assertThat(TwilioErrors.isRetryable(refused)).isTrue();
        assertThat(TwilioErrors.codeOf(refused)).isEqualTo("network_error");
    }

    @Test
    void aSuccessAnswerThatCannotBeReadIsNeverRetriedBecauseTheMessageMayHaveGoneOut() {
        RuntimeCamelException unreadable = new RuntimeCamelException(new ApiException("Unable to deserialize",
                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character")));

        assertThat(TwilioErrors.isRetryable(unreadable)).isFalse();
        assertThat(TwilioErrors.codeOf(unreadable)).isEqualTo("unreadable_response");
    }
}
