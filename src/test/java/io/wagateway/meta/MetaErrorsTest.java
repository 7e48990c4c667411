package io.wagateway.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.Fixtures;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

/** Graph API failures as camel-whatsapp reports them: "<uri> responded: <status> and body: <body>". */
class MetaErrorsTest {

    private static final String URI = "https://graph.facebook.com/v26.0/106540352242922/messages";

    private static RuntimeCamelException responded(int status, String body) {
        return new RuntimeCamelException(URI + " responded: " + status + " and body: " + body);
    }

    private static String fixture(String name) {
        return new String(Fixtures.bytes(name), StandardCharsets.UTF_8);
    }

    @Test
    void reEngagementErrorIsFinalWithMetasCodeMessageAndDetails() {
        RuntimeCamelException failure = responded(400, fixture("meta-error-131047.json"));

        assertThat(MetaErrors.isRetryable(failure)).isFalse();
        assertThat(MetaErrors.codeOf(failure)).isEqualTo("131047");
        assertThat(MetaErrors.messageOf(failure)).isEqualTo("(#131047) Re-engagement message: Message failed to send "
                + "because more than 24 hours have passed since the customer last replied to this number.");
    }

    @Test
    void throughputLimitIsRetriedEvenWhenAnsweredWith400() {
        RuntimeCamelException failure = responded(400, fixture("meta-error-130429.json"));

        assertThat(MetaErrors.isRetryable(failure)).isTrue();
        assertThat(MetaErrors.codeOf(failure)).isEqualTo("130429");
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetried() {
        assertThat(MetaErrors.isRetryable(responded(500, "{\"error\":{\"code\":1}}"))).isTrue();
        assertThat(MetaErrors.isRetryable(responded(503, "<html>Service Unavailable</html>"))).isTrue();
        assertThat(MetaErrors.isRetryable(responded(429, ""))).isTrue();
    }

    @Test
    void answerThatIsNotGraphJsonKeepsTheStatusAndTheBodyAsText() {
        RuntimeCamelException failure = responded(502, "<html>Bad Gateway</html>");

        assertThat(MetaErrors.codeOf(failure)).isEqualTo("http_502");
        assertThat(MetaErrors.messageOf(failure)).isEqualTo("HTTP 502: <html>Bad Gateway</html>");
    }

    @Test
    void requestWithoutAnswerIsARetriedNetworkError() {
        RuntimeCamelException failure = responded(GraphHttpClient.NETWORK_FAILURE_STATUS,
                GraphHttpClient.networkFailureBody(new ConnectException("Connection refused")));

        assertThat(MetaErrors.isRetryable(failure)).isTrue();
        assertThat(MetaErrors.codeOf(failure)).isEqualTo("network_error");
        assertThat(MetaErrors.messageOf(failure)).contains("ConnectException: Connection refused");
    }

    @Test
    void requestThatTimedOutIsARetriedTimeout() {
        RuntimeCamelException failure = responded(GraphHttpClient.NETWORK_FAILURE_STATUS,
                GraphHttpClient.networkFailureBody(new java.net.http.HttpTimeoutException("request timed out")));

        assertThat(MetaErrors.isRetryable(failure)).isTrue();
        assertThat(MetaErrors.codeOf(failure)).isEqualTo("timeout");
    }

    @Test
    void retryAfterOfAnErrorAnswerIsCarriedInItsBodyAndReadBackWithMetasError() {
        String carried = GraphHttpClient.carryRetryAfter(fixture("meta-error-130429.json"), "30");
        RuntimeCamelException failure = responded(429, carried);

        assertThat(MetaErrors.retryAfterOf(failure)).isEqualTo("30");
        assertThat(MetaErrors.codeOf(failure)).isEqualTo("130429");
        assertThat(MetaErrors.messageOf(failure)).startsWith("(#130429) Rate limit hit");
        assertThat(MetaErrors.retryAfterOf(responded(429, fixture("meta-error-130429.json")))).isNull();
        // an answer that is not a JSON object stays as it was (and its Retry-After is not known)
        assertThat(GraphHttpClient.carryRetryAfter("<html>Busy</html>", "30")).isNull();
    }

    @Test
    void unreadableSuccessIsNeverRetriedBecauseTheMessageMayHaveGoneOut() {
        RuntimeCamelException failure = new RuntimeCamelException(
                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character"));

        assertThat(MetaErrors.isRetryable(failure)).isFalse();
        assertThat(MetaErrors.codeOf(failure)).isEqualTo("unreadable_response");
    }
}
