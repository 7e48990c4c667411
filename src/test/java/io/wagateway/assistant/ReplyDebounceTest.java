package io.wagateway.assistant;

import static io.wagateway.assistant.ReplyWorkFixture.conversationSentToTheModel;
import static io.wagateway.assistant.ReplyWorkFixture.sentBodies;
import static io.wagateway.assistant.ReplyWorkFixture.twilioSends;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.GatedAi;
import io.wagateway.support.Workers;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * REPLY_DEBOUNCE_MS: a burst of messages gets one reply that sees all of them, the debounce after the
 * newest. The poll of this gateway is ten minutes, so every reply here is started by the in-process wake-up
 * at the job's due time. The model is {@link GatedAi}: a test holds its answers while it looks at the waiting
 * job, and learns that the model was asked when the request arrives, not after a while.
 */
class ReplyDebounceTest {

    private static final long DEBOUNCE_MS = 2500;
    private static final String INSTANCE = "debounce";
    private static final String HELLO = "Hello from the fake model!";
    private static GatedAi ai;
    private static ReplyWorkFixture fixture;

    @BeforeAll
    static void startGateway() {
        ai = GatedAi.start(Duration.ZERO);
        fixture = ReplyWorkFixture.start(Map.of(
                "gateway.ai.base-url", ai.baseUrl(INSTANCE),
                "gateway.reply.debounce-ms", Long.toString(DEBOUNCE_MS),
                "gateway.worker.poll-interval-ms", "600000"));
    }

    @AfterAll
    static void stopGateway() {
        fixture.close();
        ai.close();
    }

    @BeforeEach
    void startFromScratch() {
        ai.reset();
        fixture.startFromScratch();
    }

    @Test
    void burstOfFiveMessagesWithinTheDebounceGetsOneReplyThatSeesAllOfThem() {
        List<String> burst = List.of("Hi", "I ordered a blue lamp", "order 4711", "it arrived broken",
                "what can I do?");
        ai.answerInTurn(HELLO);
        // the job stays while the model answers: its due time can be read however long the posts took
        ai.hold();
        Instant first = Instant.now();
        for (String text : burst) {
            assertThat(fixture.userWrites(text).statusCode()).isEqualTo(200);
        }
        Instant lastAck = Instant.now();
        // due the debounce after the newest message (the time of its transaction)
        assertThat(((Number) fixture.jdbc().queryForObject("""
                SELECT EXTRACT(EPOCH FROM j.due_at - m.created_at)
                  FROM reply_jobs j JOIN kommo_messages m ON m.conversation_id = j.conversation_id
                 WHERE m.content = 'what can I do?'""", Number.class)).doubleValue())
                .isEqualTo(DEBOUNCE_MS / 1000.0);
        Timestamp due = fixture.jdbc().queryForObject("SELECT due_at FROM reply_jobs", Timestamp.class);

        await().atMost(Duration.ofSeconds(30)).until(() -> ai.waiting(INSTANCE) == 1);
        ai.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        awaitNothingLeftToDo();

        assertThat(ai.received(INSTANCE)).isEqualTo(1);
        assertThat(twilioSends()).hasSize(1);
        assertThat(conversationSentToTheModel(ai.requests().get(0))).containsExactly(
                "user: Hi", "user: I ordered a blue lamp", "user: order 4711", "user: it arrived broken",
                "user: what can I do?");
        assertThat(fixture.count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
        assertThat(sentBodies()).containsExactly(HELLO);
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
        Instant asked = ai.requests().get(0).getLoggedDate().toInstant();
        Instant sent = twilioSends().get(0).getLoggedDate().toInstant();
        // not before the debounce after the newest message (the request's time has whole milliseconds)
        assertThat(asked).isAfterOrEqualTo(due.toInstant().truncatedTo(ChronoUnit.MILLIS));
        System.out.printf("[debounce] %d messages in %d ms, debounce %d ms: newest message acknowledged -> model "
                        + "asked %d ms, -> reply sent %d ms; model requests 1, replies 1, sends 1 (poll 10 min: woken "
                        + "by the scheduled wake-up)%n", burst.size(), Duration.between(first, lastAck).toMillis(),
                DEBOUNCE_MS, Duration.between(lastAck, asked).toMillis(), Duration.between(lastAck, sent).toMillis());
    }

    @Test
    void messageAfterTheReplyGetsASecondReplyThatSeesTheFirst() {
        ai.answerInTurn(HELLO, "Until 6 pm.");
        fixture.userWrites("Are you open today?");
        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);

        fixture.userWrites("And tomorrow?");

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 2);
        assertThat(ai.requests()).hasSize(2);
        assertThat(conversationSentToTheModel(ai.requests().get(1))).containsExactly(
                "user: Are you open today?", "assistant: " + HELLO, "user: And tomorrow?");
        assertThat(sentBodies()).containsExactly(HELLO, "Until 6 pm.");
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
        assertThat(fixture.jdbc().update("UPDATE reply_jobs SET burst_started_at = burst_started_at "
                + "- interval '1 hour' WHERE locked_by IS NULL")).isEqualTo(1);
        ai.answerInTurn("At last!");
        ai.hold();

        fixture.userWrites("second");

        // due at once (capped), not a debounce after "second"; the row stays while the model's answer is held
        assertThat(fixture.jdbc().queryForObject("SELECT due_at <= requested_at FROM reply_jobs", Boolean.class))
                .isTrue();
        ai.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        assertThat(ai.requests()).hasSize(1);
        assertThat(conversationSentToTheModel(ai.requests().get(0))).containsExactly("user: first", "user: second");
        assertThat(sentBodies()).containsExactly("At last!");
    }

    @Test
    void messagesArrivingWhileAReplyIsGeneratedGetTheirOwnLaterReplyInOrder() {
        ai.answerInTurn("Reply one", "Reply two");
        ai.hold();

        fixture.userWrites("round one a");
        fixture.userWrites("round one b");
        await().atMost(Duration.ofSeconds(30)).until(() -> ai.waiting(INSTANCE) == 1);
        fixture.userWrites("round two a");
        fixture.userWrites("round two b");
        // round two is due while the first reply is still being generated: no worker may claim it meanwhile
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.jdbc().queryForObject(
                "SELECT due_at <= now() FROM reply_jobs", Boolean.class));
        assertThat(fixture.claimAs("second-worker", 30)).isNull();
        ai.release();

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 2);
        assertThat(conversationSentToTheModel(ai.requests().get(0)))
                .containsExactly("user: round one a", "user: round one b");
        // the second call started after the first reply was stored (no overlap), and sees it where the user did
        assertThat(conversationSentToTheModel(ai.requests().get(1))).containsExactly("user: round one a",
                "user: round one b", "assistant: Reply one", "user: round two a", "user: round two b");
        assertThat(sentBodies()).containsExactly("Reply one", "Reply two");
        assertThat(fixture.jdbc().queryForList("SELECT content FROM kommo_messages ORDER BY seq", String.class))
                .containsExactly("round one a", "round one b", "round two a", "round two b", "Reply one", "Reply two");
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
    }

    /**
     * No reply job and no pending message left, and no worker at one: with the poll at ten minutes nothing more
     * can happen until a user writes again.
     */
    private static void awaitNothingLeftToDo() {
        Workers workers = fixture.workers();
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.count("SELECT count(*) FROM reply_jobs") == 0
                && fixture.count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'pending'") == 0
                && !workers.replyInFlight() && !workers.sendInFlight());
    }
}
