package io.wagateway.assistant;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.wagateway.assistant.ReplyWorkFixture.aiRequests;
import static io.wagateway.assistant.ReplyWorkFixture.conversationSentToTheModel;
import static io.wagateway.assistant.ReplyWorkFixture.sentBodies;
import static io.wagateway.assistant.ReplyWorkFixture.twilioSends;
import static io.wagateway.support.FakeProviders.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.wagateway.support.FakeProviders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * REPLY_DEBOUNCE_MS: a burst of messages gets one reply that sees all of them, about the debounce after the
 * newest. The poll of this gateway is ten minutes, so every reply here is started by the in-process wake-up
 * at the job's due time.
 */
class ReplyDebounceTest {

    private static final long DEBOUNCE_MS = 2500;
    private static ReplyWorkFixture fixture;

    @BeforeAll
    static void startGateway() {
        fixture = ReplyWorkFixture.start(Map.of(
                "gateway.reply.debounce-ms", Long.toString(DEBOUNCE_MS),
                "gateway.worker.poll-interval-ms", "600000"));
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
    void burstOfFiveMessagesWithinTheDebounceGetsOneReplyThatSeesAllOfThem() {
        List<String> burst = List.of("Hi", "I ordered a blue lamp", "order 4711", "it arrived broken",
                "what can I do?");
        Instant first = Instant.now();
        for (String text : burst) {
            assertThat(fixture.userWrites(text).statusCode()).isEqualTo(200);
        }
        Instant lastAck = Instant.now();

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() ->
                aiRequests().size() == 1 && twilioSends().size() == 1);

        assertThat(conversationSentToTheModel(aiRequests().get(0))).containsExactly(
                "user: Hi", "user: I ordered a blue lamp", "user: order 4711", "user: it arrived broken",
                "user: what can I do?");
        assertThat(fixture.count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
        assertThat(sentBodies()).containsExactly("Hello from the fake model!");
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
        Instant asked = aiRequests().get(0).getLoggedDate().toInstant();
        Instant sent = twilioSends().get(0).getLoggedDate().toInstant();
        // not before the debounce after the newest message (its transaction started before its answer)
        assertThat(Duration.between(lastAck, asked)).isGreaterThan(Duration.ofMillis(DEBOUNCE_MS - 300));
        System.out.printf("[debounce] %d messages in %d ms, debounce %d ms: newest message acknowledged -> model "
                        + "asked %d ms, -> reply sent %d ms; model requests 1, replies 1, sends 1 (poll 10 min: woken "
                        + "by the scheduled wake-up)%n", burst.size(), Duration.between(first, lastAck).toMillis(),
                DEBOUNCE_MS, Duration.between(lastAck, asked).toMillis(), Duration.between(lastAck, sent).toMillis());
    }

    @Test
    void messageAfterTheReplyGetsASecondReplyThatSeesTheFirst() {
        fixture.userWrites("Are you open today?");
        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        FakeProviders.aiAnswers("Until 6 pm.");

        fixture.userWrites("And tomorrow?");

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 2);
        assertThat(aiRequests()).hasSize(2);
        assertThat(conversationSentToTheModel(aiRequests().get(1))).containsExactly(
                "user: Are you open today?", "assistant: Hello from the fake model!", "user: And tomorrow?");
        assertThat(sentBodies()).containsExactly("Hello from the fake model!", "Until 6 pm.");
    }

    @Test
    void userWhoKeepsWritingIsAnsweredOnceTheBurstReachesItsCap() {
        fixture.userWrites("first");
        Map<String, Object> waiting = fixture.job();
        assertThat(((Number) fixture.jdbc().queryForObject(
                "SELECT EXTRACT(EPOCH FROM due_at - burst_started_at) FROM reply_jobs", Number.class)).doubleValue())
                .isEqualTo(DEBOUNCE_MS / 1000.0);
        assertThat(waiting.get("locked_by")).isNull();
        // the burst began long ago: the user has been writing, message after message, ever since
        assertThat(fixture.jdbc().update("UPDATE reply_jobs SET burst_started_at = burst_started_at - interval '1 hour' "
                + "WHERE locked_by IS NULL")).isEqualTo(1);
        OPENAI.resetAll();
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).willReturn(FakeProviders.aiAnswer("At last!").withFixedDelay(1000)));

        fixture.userWrites("second");

        // due at once (capped), not a debounce after "second"; the row stays while the model answers
        assertThat(fixture.jdbc().queryForObject("SELECT due_at <= requested_at FROM reply_jobs", Boolean.class))
                .isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        assertThat(aiRequests()).hasSize(1);
        assertThat(conversationSentToTheModel(aiRequests().get(0))).containsExactly("user: first", "user: second");
        assertThat(sentBodies()).containsExactly("At last!");
    }

    @Test
    void messagesArrivingWhileAReplyIsGeneratedGetTheirOwnLaterReplyInOrder() {
        OPENAI.resetAll();
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).inScenario("two rounds")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(FakeProviders.aiAnswer("Reply one").withFixedDelay(4000)));
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).inScenario("two rounds")
                .whenScenarioStateIs("second").willReturn(FakeProviders.aiAnswer("Reply two")));

        fixture.userWrites("round one a");
        fixture.userWrites("round one b");
        await().atMost(Duration.ofSeconds(30)).until(() -> aiRequests().size() == 1);
        fixture.userWrites("round two a");
        fixture.userWrites("round two b");

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 2);
        assertThat(conversationSentToTheModel(aiRequests().get(0)))
                .containsExactly("user: round one a", "user: round one b");
        // the second call started after the first reply was stored (no overlap), and sees it where the user did
        assertThat(conversationSentToTheModel(aiRequests().get(1))).containsExactly("user: round one a",
                "user: round one b", "assistant: Reply one", "user: round two a", "user: round two b");
        assertThat(sentBodies()).containsExactly("Reply one", "Reply two");
        assertThat(fixture.jdbc().queryForList("SELECT content FROM kommo_messages ORDER BY seq", String.class))
                .containsExactly("round one a", "round one b", "round two a", "round two b", "Reply one", "Reply two");
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
    }
}
