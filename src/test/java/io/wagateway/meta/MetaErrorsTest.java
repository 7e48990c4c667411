package io.wagateway.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.Fixtures;
import io.wagateway.outbound.SendFailure;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

/** Graph API failures as camel-whatsapp reports them: "<uri> responded: <status> and body: <body>". */
class MetaErrorsTest {

    private static final String URI = "https://graph.facebook.com/v26.0/106540352242922/messages";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MetaErrors ERRORS = new MetaErrors(JSON);
    private static final GraphHttpClient CLIENT = new GraphHttpClient(Duration.ofSeconds(1), JSON);

    private static SendFailure judge(Throwable failure) {
        return ERRORS.judge(failure);
    }

    private static RuntimeCamelException responded(int status, String body) {
        return new RuntimeCamelException(URI + " responded: " + status + " and body: " + body);
    }

    private static String fixture(String name) {
        return new String(Fixtures.bytes(name), StandardCharsets.UTF_8);
    }

    @Test
    void reEngagementErrorIsFinalWithMetasCodeMessageAndDetails() {
        RuntimeCamelException failure = responded(400, fixture("meta-error-131047.json"));

        assertThat(judge(failure).retryable()).isFalse();
        assertThat(judge(failure).code()).isEqualTo("131047");
        assertThat(judge(failure).message()).isEqualTo("(#131047) Re-engagement message: Message failed to send "
                + "because more than 24 hours have passed since the customer last replied to this number.");
    }

    @Test
    void throughputLimitIsRetriedEvenWhenAnsweredWith400() {
        RuntimeCamelException failure = responded(400, fixture("meta-error-130429.json"));

        assertThat(judge(failure).retryable()).isTrue();
        assertThat(judge(failure).code()).isEqualTo("130429");
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetried() {
        assertThat(judge(responded(500, "{\"error\":{\"code\":1}}")).retryable()).isTrue();
        assertThat(judge(responded(503, "<html>Service Unavailable</html>")).retryable()).isTrue();
        assertThat(judge(responded(429, "")).retryable()).isTrue();
    }

    @Test
    void answerThatIsNotGraphJsonKeepsTheStatusAndTheBodyAsText() {
        RuntimeCamelException failure = responded(502, "<html>Bad Gateway</html>");

        assertThat(judge(failure).code()).isEqualTo("http_502");
        assertThat(judge(failure).message()).isEqualTo("HTTP 502: <html>Bad Gateway</html>");
    }

    @Test
    void requestWithoutAnswerIsARetriedNetworkError() {
        RuntimeCamelException failure = responded(GraphHttpClient.NETWORK_FAILURE_STATUS,
                GraphHttpClient.networkFailureBody(new ConnectException("Connection refused")));

        assertThat(judge(failure).retryable()).isTrue();
        assertThat(judge(failure).code()).isEqualTo("network_error");
        assertThat(judge(failure).message()).contains("ConnectException: Connection refused");
    }

    @Test
    void requestThatTimedOutIsARetriedTimeout() {
        RuntimeCamelException failure = responded(GraphHttpClient.NETWORK_FAILURE_STATUS,
                GraphHttpClient.networkFailureBody(new java.net.http.HttpTimeoutException("request timed out")));

        assertThat(judge(failure).retryable()).isTrue();
        assertThat(judge(failure).code()).isEqualTo("timeout");
    }

    @Test
    void retryAfterOfAnErrorAnswerIsCarriedInItsBodyAndReadBackWithMetasError() {
        String carried = CLIENT.carryRetryAfter(fixture("meta-error-130429.json"), "30");
        RuntimeCamelException failure = responded(429, carried);

        assertThat(judge(failure).retryAfter()).isEqualTo("30");
        assertThat(judge(failure).code()).isEqualTo("130429");
        assertThat(judge(failure).message()).startsWith("(#130429) Rate limit hit");
        assertThat(judge(responded(429, fixture("meta-error-130429.json"))).retryAfter()).isNull();
        // an answer that is not a JSON object stays as it was (and its Retry-After is not known)
        assertThat(CLIENT.carryRetryAfter("<html>Busy</html>", "30")).isNull();
    }

    @Test
    void unreadableSuccessIsNeverRetriedBecauseTheMessageMayHaveGoneOut() {
        RuntimeCamelException failure = new RuntimeCamelException(
                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character"));

        assertThat(judge(failure).retryable()).isFalse();
        assertThat(judge(failure).code()).isEqualTo("unreadable_response");
    }
}
