package io.wagateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.ChildGateway;
import io.wagateway.support.Figures;
import io.wagateway.support.GatedAi;
import io.wagateway.support.GatewayDatabase;
import io.wagateway.support.InboundMessage;
import io.wagateway.support.ProviderSends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, item 2: the gateway process is killed with SIGKILL while acknowledged messages are still
 * waiting for their replies; a new process on the same embedded database answers every one of them,
 * exactly once. The fake model answers slowly and is held around the kill, so at that moment replies
 * are being generated and none is between the provider and its row (a crash during a send is another test).
 */
class CrashBetweenAckAndReplyIT {

    private static final int MESSAGES = 30;
    private static final int ANSWERED_BEFORE_KILL_AT_LEAST = 6;
    private static final Duration AI_DELAY = Duration.ofSeconds(2);

    private static GatedAi ai;

    @BeforeAll
    static void fakes() {
        ai = GatedAi.start(AI_DELAY);
        ProviderSends.acceptAll();
    }

    @AfterAll
    static void cleanUp() {
        ChildGateway.killAll();
        ai.close();
    }

    @Test
    void everyAcknowledgedMessageIsAnsweredExactlyOnceAfterTheProcessIsKilledBetweenAckAndReply() {
        Path dataDir = Path.of(System.getProperty("gateway.it-dir", "target"), "it-pg", "crash-" + UUID.randomUUID());
        int dbPort = ChildGateway.freePort();
        Map<String, String> env = ChildGateway.environment();
        env.putAll(ChildGateway.embeddedDatabase(dataDir, dbPort));
        env.put("AI_BASE_URL", ai.baseUrl("first"));
        ChildGateway first = ChildGateway.start("crash-first", env);
        GatewayDatabase db = GatewayDatabase.embedded(dbPort);

        List<InboundMessage> messages = InboundMessage.mix("crash", 0, MESSAGES);
        List<Integer> statuses = InboundMessage.postAll(messages, i -> first.port(), 8);
        long acked = statuses.stream().filter(status -> status == 200).count();
        assertThat(statuses).as("every webhook acknowledged").containsOnly(200);

        await("some replies sent").atMost(Duration.ofSeconds(90))
                .until(() -> ai.answered() >= ANSWERED_BEFORE_KILL_AT_LEAST);
        ai.hold();
        // every answer that left the model has been stored and sent; more are being generated, held
        await("answered replies recorded, more being generated").atMost(Duration.ofSeconds(30))
                .until(() -> db.acceptedReplies() == ai.answered() && db.pendingOutgoing() == 0
                        && ai.waiting("first") > 0);
        int answeredBeforeKill = db.acceptedReplies();
        int unansweredAtKill = db.replyJobs();
        int generatingAtKill = ai.waiting("first");
        assertThat(ProviderSends.total()).isEqualTo(answeredBeforeKill);
        assertThat(unansweredAtKill).as("acknowledged messages not answered at the kill").isPositive();
        ProcessHandle postmaster = first.postmaster().orElseThrow();

        long killedAt = System.nanoTime();
        first.kill9();
        assertThat(postmaster.isAlive()).as("the embedded PostgreSQL of the killed gateway is orphaned").isTrue();
        ai.release();
        ai.delay(Duration.ofMillis(300));

        env.put("AI_BASE_URL", ai.baseUrl("second"));
        ChildGateway second = ChildGateway.start("crash-second", env);
        long restartedAt = System.nanoTime();
        assertThat(postmaster.isAlive()).as("the new gateway stopped the orphaned PostgreSQL").isFalse();
        await("every reply generated and sent").atMost(Duration.ofSeconds(90)).until(db::hasNoPendingWork);
        long recoveredAt = System.nanoTime();

        Map<String, Integer> sends = ProviderSends.perRecipient();
        int acceptedReplies = db.acceptedReplies();
        long duplicates = sends.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum();
        long losses = messages.stream().filter(m -> !sends.containsKey(m.recipient())).count();
        new Figures("CrashBetweenAckAndReplyIT")
                .put("messages", MESSAGES).put("acked", acked)
                .put("answeredBeforeKill", answeredBeforeKill).put("unansweredAtKill", unansweredAtKill)
                .put("generatingAtKill", generatingAtKill)
                .put("answeredAfterRestart", acceptedReplies - answeredBeforeKill)
                .put("duplicates", duplicates).put("losses", losses)
                .put("modelCallsFirst", ai.received("first")).put("modelCallsSecond", ai.received("second"))
                .put("secondsKillToHealthy", Figures.seconds(restartedAt - killedAt))
                .put("secondsToRecover", Figures.seconds(recoveredAt - killedAt))
                .print();

        assertThat(sends).as("sends per recipient").hasSize(MESSAGES).allSatisfy((recipient, n) -> assertThat(n)
                .as("sends to " + recipient).isEqualTo(1));
        assertThat(messages).allSatisfy(m -> assertThat(sends).containsKey(m.recipient()));
        assertThat(db.storedMessages()).hasSize(MESSAGES).containsOnlyKeys(
                messages.stream().map(InboundMessage::messageId).toList())
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(db.repliesPerMessage()).hasSize(MESSAGES).allSatisfy((id, n) -> assertThat(n)
                .as("assistant messages answering " + id).isEqualTo(1));
        assertThat(acceptedReplies).isEqualTo(MESSAGES);
        second.stop();
    }
}
