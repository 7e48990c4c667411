package io.wagateway.assistant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.wagateway.assistant.ReplyWorkFixture.aiRequests;
import static io.wagateway.assistant.ReplyWorkFixture.sentBodies;
import static io.wagateway.assistant.ReplyWorkFixture.twilioSends;
import static io.wagateway.support.FakeProviders.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.wagateway.operations.ReplyMetrics;
import io.wagateway.support.FakeProviders;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failing model is retried later, not in the worker's thread: the job is released with its due time moved
 * by the backoff (here 60 s, doubling, with jitter) or the API's Retry-After, the reason in
 * {@code reply_jobs.last_error}; the test then plays the clock by making the job due. RETRY_MAX_ATTEMPTS is
 * 3 here. Jobs failing for other reasons are bounded the same way, then dead-lettered.
 */
class ReplyRetryTest {

    private static final String HOLDING_MESSAGE = AssistantProperties.DEFAULT_HOLDING_MESSAGE;
    private static ReplyWorkFixture fixture;

    @BeforeAll
    static void startGateway() {
        fixture = ReplyWorkFixture.start(Map.of(
                "gateway.retry.initial-delay-ms", "60000",
                "gateway.retry.max-attempts", "3",
                "gateway.ai.timeout-ms", "5000"));
    }

    @AfterAll
    static void stopGateway() {
        fixture.close();
    }

    @BeforeEach
    void startFromScratch() {
        fixture.startFromScratch();
    }

    @Test
    void rateLimitedModelIsAskedAgainAfterItsRetryAfterAndAnswersOnce() {
        modelAnswersInTurn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"),
                FakeProviders.aiAnswer("Sorry for the wait"));
        double retriesBefore = metrics().aiRetries();

        fixture.userWrites("hi");

        Map<String, Object> waiting = fixture.awaitReleasedAfterAttempt(1);
        double dueIn = seconds(waiting.get("due_in_seconds"));
        // the API's 7 s, not the backoff's 30 to 60 s
        assertThat(dueIn).isBetween(1.0, 7.01);
        assertThat(waiting.get("last_error")).asString().startsWith("rate limited (HTTP 429, Retry-After 7 s)")
                .contains("Rate limit reached");
        assertThat(metrics().aiRetries()).isEqualTo(retriesBefore + 1);
        assertThat(twilioSends()).isEmpty();

        fixture.makeDue();

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        assertThat(sentBodies()).containsExactly("Sorry for the wait");
        assertThat(aiRequests()).hasSize(2);
        assertThat(fixture.count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
        System.out.printf("[ai-retry] 429 with Retry-After 7: job due in %.1f s after the failure; then 1 reply, "
                + "%d model requests, %d send%n", dueIn, aiRequests().size(), twilioSends().size());
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoffThenAnsweredOnce() {
        ResponseDefinitionBuilder overloaded = aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"The server had an error\"}}");
        modelAnswersInTurn(overloaded, overloaded, FakeProviders.aiAnswer("Back online"));

        fixture.userWrites("hello");

        double firstDelay = seconds(fixture.awaitReleasedAfterAttempt(1).get("due_in_seconds"));
        assertThat(firstDelay).isBetween(40.0, 72.01);
        fixture.makeDue();
        Map<String, Object> second = fixture.awaitReleasedAfterAttempt(2);
        double secondDelay = seconds(second.get("due_in_seconds"));
        assertThat(secondDelay).isBetween(90.0, 144.01);
        assertThat(second.get("last_error")).asString().startsWith("server error (HTTP 500)");
        fixture.makeDue();

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        assertThat(sentBodies()).containsExactly("Back online");
        assertThat(aiRequests()).hasSize(3);
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
        System.out.printf("[ai-retry] 500, 500, success: backoff %.1f s then %.1f s (RETRY_INITIAL_DELAY_MS 60000, "
                + "x2, jitter); 1 reply, %d model requests%n", firstDelay, secondDelay, aiRequests().size());
    }

    @Test
    void modelTimeoutIsRetriedLaterThenAnsweredOnce() {
        modelAnswersInTurn(FakeProviders.aiAnswer("too late").withFixedDelay(9000),
                FakeProviders.aiAnswer("Here I am"));

        fixture.userWrites("anybody?");

        Map<String, Object> waiting = fixture.awaitReleasedAfterAttempt(1);
        assertThat(waiting.get("last_error")).asString().startsWith("timeout");
        assertThat(seconds(waiting.get("due_in_seconds"))).isBetween(40.0, 72.01);
        fixture.makeDue();

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        assertThat(sentBodies()).containsExactly("Here I am");
        assertThat(fixture.jdbc().queryForList("SELECT content FROM kommo_messages WHERE role = 'assistant'",
                String.class)).containsExactly("Here I am");
    }

    @Test
    void modelFailingEveryTimeEscalatesAfterTheLastAttemptWithTheReasonVisible() {
        OPENAI.resetAll();
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"overloaded\"}}")));

        fixture.userWrites("help");
        fixture.awaitReleasedAfterAttempt(1);
        fixture.makeDue();
        Map<String, Object> waiting = fixture.awaitReleasedAfterAttempt(2);
        // the reason is on the job while it waits
        assertThat(waiting.get("last_error")).asString().isEqualTo(
                "server error (HTTP 503): {\"error\":{\"message\":\"overloaded\"}}");
        fixture.makeDue();

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        fixture.workers().awaitRepliesSettled();
        assertThat(aiRequests()).hasSize(3);
        assertThat(twilioSends()).hasSize(1);
        assertThat(sentBodies()).containsExactly(HOLDING_MESSAGE);
        assertThat(fixture.jdbc().queryForObject("SELECT status FROM kommo_conversations", String.class))
                .isEqualTo("escalated");
        Map<String, Object> holding = fixture.jdbc().queryForMap("SELECT metadata ->> 'reason' AS reason, "
                + "metadata ->> 'aiError' AS ai_error FROM kommo_messages WHERE role = 'assistant'");
        assertThat(holding).containsEntry("reason", "escalation")
                .containsEntry("ai_error", "server error (HTTP 503): {\"error\":{\"message\":\"overloaded\"}}");
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
    }

    @Test
    void modelRefusingTheRequestEscalatesAtOnceWithoutRetrying() {
        OPENAI.resetAll();
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided\"}}")));
        double retriesBefore = metrics().aiRetries();

        fixture.userWrites("hello");

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        assertThat(sentBodies()).containsExactly(HOLDING_MESSAGE);
        assertThat(aiRequests()).hasSize(1);
        assertThat(metrics().aiRetries()).isEqualTo(retriesBefore);
        assertThat(fixture.jdbc().queryForObject("SELECT metadata ->> 'aiError' FROM kommo_messages "
                + "WHERE role = 'assistant'", String.class)).startsWith("refused (HTTP 401)");
        assertThat(fixture.jdbc().queryForObject("SELECT status FROM kommo_conversations", String.class))
                .isEqualTo("escalated");
    }

    @Test
    void poisonJobIsRetriedUpToTheBoundThenDeadLetteredAndItsConversationEscalated() {
        double deadBefore = metrics().deadLetters();
        fixture.jdbc().execute("""
                CREATE FUNCTION test_poisoned_reply() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'poisoned reply row (test)'; END $$""");
        fixture.jdbc().execute("""
                CREATE TRIGGER test_poisoned_reply BEFORE INSERT ON kommo_messages
                FOR EACH ROW WHEN (NEW.role = 'assistant') EXECUTE FUNCTION test_poisoned_reply()""");
        try {
            fixture.userWrites("hello");
            Map<String, Object> waiting = fixture.awaitReleasedAfterAttempt(1);
            assertThat(waiting.get("last_error")).asString().contains("poisoned reply row (test)");
            assertThat(seconds(waiting.get("due_in_seconds"))).isBetween(40.0, 72.01);
            fixture.makeDue();
            fixture.awaitReleasedAfterAttempt(2);
            fixture.makeDue();

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    fixture.count("SELECT count(*) FROM reply_dead_letters") == 1);
        } finally {
            fixture.jdbc().execute("DROP TRIGGER IF EXISTS test_poisoned_reply ON kommo_messages");
            fixture.jdbc().execute("DROP FUNCTION IF EXISTS test_poisoned_reply()");
        }
        Map<String, Object> dead = fixture.jdbc().queryForMap(
                "SELECT attempts, last_error FROM reply_dead_letters");
        assertThat(dead.get("attempts")).isEqualTo(3);
        assertThat(dead.get("last_error")).asString().contains("poisoned reply row (test)");
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
        assertThat(fixture.jdbc().queryForObject("SELECT status FROM kommo_conversations", String.class))
                .isEqualTo("escalated");
        assertThat(metrics().deadLetters()).isEqualTo(deadBefore + 1);
        fixture.workers().awaitRepliesSettled();
        assertThat(aiRequests()).hasSize(3);
        assertThat(twilioSends()).isEmpty();
        assertThat(fixture.count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isZero();
    }

    @Test
    void jobWhoseWorkersKeptDyingIsDeadLetteredWithoutAskingTheModel() {
        UUID conversation = fixture.unansweredMessageWithAJobDueLater("hello?");
        // claimed three times (RETRY_MAX_ATTEMPTS) by workers that never came back
        fixture.jdbc().update("UPDATE reply_jobs SET attempts = 3, due_at = now(), locked_by = 'gone', "
                + "locked_until = now() - interval '1 second', claim_token = gen_random_uuid()");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                fixture.count("SELECT count(*) FROM reply_dead_letters") == 1);
        assertThat(fixture.jdbc().queryForObject("SELECT last_error FROM reply_dead_letters", String.class))
                .startsWith("claimed 4 times without an outcome");
        assertThat(fixture.jdbc().queryForObject("SELECT status FROM kommo_conversations WHERE id = ?", String.class,
                conversation)).isEqualTo("escalated");
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
        assertThat(aiRequests()).isEmpty();
        assertThat(twilioSends()).isEmpty();
    }

    private static void modelAnswersInTurn(ResponseDefinitionBuilder... answers) {
        OPENAI.resetAll();
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer " + i;
            OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).inScenario("in turn")
                    .whenScenarioStateIs(state).willSetStateTo("answer " + (i + 1)).willReturn(answers[i]));
        }
    }

    private static ReplyMetrics metrics() {
        return fixture.bean(ReplyMetrics.class);
    }

    private static double seconds(Object value) {
        return ((Number) value).doubleValue();
    }
}
