package io.wagateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.ChildGateway;
import io.wagateway.support.Figures;
import io.wagateway.support.GatedAi;
import io.wagateway.support.GatewayDatabase;
import io.wagateway.support.InboundMessage;
import io.wagateway.support.PrometheusScrape;
import io.wagateway.support.ProviderSends;
import io.wagateway.support.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, item 6: two gateway processes on one PostgreSQL. Webhooks arrive at both; each message is
 * answered once, by one of them, and both do part of the work. Then one is killed with SIGKILL while it is
 * generating replies: the other takes over what the dead one had claimed (once its lease runs out) and
 * finishes everything, still once per message.
 */
class TwoInstancesIT {

    private static final int FIRST_ROUND = 100;
    private static final int SECOND_ROUND = 30;

    private static TestPostgres postgres;
    private static GatedAi ai;

    @BeforeAll
    static void sharedDatabaseAndFakes() {
        postgres = TestPostgres.start("two-instances");
        ai = GatedAi.start(Duration.ofMillis(100));
        ProviderSends.acceptAll();
    }

    @AfterAll
    static void cleanUp() {
        ChildGateway.killAll();
        ai.close();
        postgres.close();
    }

    @Test
    void twoInstancesAnswerEachMessageOnceShareTheWorkAndTheSurvivorOfAKillFinishesIt() {
        ChildGateway a = ChildGateway.launch("two-instances-a", environment("a"));
        ChildGateway b = ChildGateway.launch("two-instances-b", environment("b"));
        a.awaitHealthy();
        b.awaitHealthy();
        GatewayDatabase db = postgres.database();

        // first round: both alive, webhooks spread over both
        List<InboundMessage> first = InboundMessage.mix("two-instances", 0, FIRST_ROUND);
        assertThat(postSpread(first, a, b)).as("first round acknowledged").containsOnly(200);
        await("first round answered").atMost(Duration.ofSeconds(90)).until(db::hasNoPendingWork);
        Map<String, Integer> sendsAfterFirst = ProviderSends.perRecipient();
        double repliesByA = replies(a.prometheus());
        double repliesByB = replies(b.prometheus());

        // second round: the model is slow; b is killed while it generates replies
        ai.delay(Duration.ofMillis(1000));
        List<InboundMessage> second = InboundMessage.mix("two-instances", 1000, SECOND_ROUND);
        assertThat(postSpread(second, a, b)).as("second round acknowledged").containsOnly(200);
        int answeredInFirstRound = ai.answered();
        await("second round under way, b generating replies").atMost(Duration.ofSeconds(60))
                .until(() -> ai.answered() - answeredInFirstRound >= 6 && ai.waiting("b") > 0);
        ai.hold();
        await("answered replies recorded").atMost(Duration.ofSeconds(30))
                .until(() -> db.acceptedReplies() == ai.answered() && db.pendingOutgoing() == 0);
        List<String> generatingInB = ai.waitingQuestions("b");
        List<InboundMessage> claimedByB = second.stream().filter(m -> generatingInB.contains(m.text())).toList();
        int answeredBeforeKill = db.acceptedReplies() - FIRST_ROUND;
        double secondRoundByBBeforeKill = replies(b.prometheus()) - repliesByB;
        double repliesByABeforeKill = replies(a.prometheus());
        long killedAt = System.nanoTime();
        b.kill9();
        ai.release();
        ai.delay(Duration.ofMillis(300));
        await("survivor finished the second round").atMost(Duration.ofSeconds(90)).until(db::hasNoPendingWork);
        long finishedAt = System.nanoTime();
        double secondRoundByAAfterKill = replies(a.prometheus()) - repliesByABeforeKill;

        Map<String, Integer> sends = ProviderSends.perRecipient();
        List<InboundMessage> all = new ArrayList<>(first);
        all.addAll(second);
        long duplicates = sends.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum();
        long losses = all.stream().filter(m -> !sends.containsKey(m.recipient())).count();
        List<InboundMessage> takenOver = claimedByB.stream()
                .filter(m -> sends.getOrDefault(m.recipient(), 0) == 1).toList();
        new Figures("TwoInstancesIT")
                .put("firstRoundMessages", FIRST_ROUND)
                .put("firstRoundRepliesA", (long) repliesByA).put("firstRoundRepliesB", (long) repliesByB)
                .put("firstRoundDuplicates", sendsAfterFirst.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum())
                .put("secondRoundMessages", SECOND_ROUND)
                .put("secondRoundAnsweredBeforeKill", answeredBeforeKill)
                .put("secondRoundRepliesBBeforeKill", (long) secondRoundByBBeforeKill)
                .put("generatingInBAtKill", claimedByB.size())
                .put("secondRoundRepliesAAfterKill", (long) secondRoundByAAfterKill)
                .put("claimedByBAnsweredByA", takenOver.size())
                .put("duplicates", duplicates).put("losses", losses)
                .put("secondsKillToAllAnswered", Figures.seconds(finishedAt - killedAt))
                .print();

        assertThat(repliesByA).as("replies sent by a in the first round").isPositive();
        assertThat(repliesByB).as("replies sent by b in the first round").isPositive();
        assertThat(repliesByA + repliesByB).isEqualTo(FIRST_ROUND);
        assertThat(claimedByB).as("b was generating replies to second-round messages when it was killed")
                .isNotEmpty().hasSameSizeAs(generatingInB);
        assertThat(takenOver).as("what b had claimed, answered by a").containsExactlyInAnyOrderElementsOf(claimedByB);
        assertThat(sends).as("sends per recipient").hasSize(FIRST_ROUND + SECOND_ROUND)
                .allSatisfy((recipient, n) -> assertThat(n).as("sends to " + recipient).isEqualTo(1));
        assertThat(losses).isZero();
        assertThat(db.storedMessages()).hasSize(FIRST_ROUND + SECOND_ROUND)
                .allSatisfy((id, n) -> assertThat(n).as("rows of " + id).isEqualTo(1));
        assertThat(db.repliesPerMessage()).hasSize(FIRST_ROUND + SECOND_ROUND)
                .allSatisfy((id, n) -> assertThat(n).as("assistant messages answering " + id).isEqualTo(1));
        assertThat(secondRoundByBBeforeKill + secondRoundByAAfterKill + (repliesByABeforeKill - repliesByA))
                .isEqualTo(SECOND_ROUND);
        a.stop();
    }

    private static java.util.Map<String, String> environment(String instance) {
        Map<String, String> env = ChildGateway.environment();
        env.putAll(ChildGateway.externalDatabase(postgres));
        env.put("AI_BASE_URL", ai.baseUrl(instance));
        return env;
    }

    /** Posts the even messages to a, the odd ones to b, 8 at a time to each; the status codes, in order. */
    private static List<Integer> postSpread(List<InboundMessage> messages, ChildGateway a, ChildGateway b) {
        return InboundMessage.postAll(messages, i -> (i % 2 == 0 ? a : b).port(), 16);
    }

    /** AI replies and other free-form messages this instance handed to a provider, all providers. */
    private static double replies(PrometheusScrape scrape) {
        return scrape.value("wagateway_replies_sent_total");
    }
}
