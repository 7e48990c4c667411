package io.wagateway.assistant;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.wagateway.assistant.ReplyWorkFixture.aiRequests;
import static io.wagateway.assistant.ReplyWorkFixture.sentBodies;
import static io.wagateway.assistant.ReplyWorkFixture.twilioSends;
import static io.wagateway.support.FakeProviders.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.wagateway.operations.ReplyMetrics;
import io.wagateway.support.FakeProviders;
import io.wagateway.worker.ReplyTiming;
import io.wagateway.worker.WorkerIdentity;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leases that survive slow work but not dead workers, and fencing: one conversation's reply job is worked
 * on by one worker at a time, and a worker that lost its claim stores nothing. The lease is 3 s here, renewed
 * every second; other workers are played by the test with the gateway's own claim statement.
 */
class ReplyLeaseTest {

    private static final int LEASE_SECONDS = 3;
    private static ReplyWorkFixture fixture;
    private static String gatewayWorker;

    @BeforeAll
    static void startGateway() {
        fixture = ReplyWorkFixture.start(Map.of(
                "gateway.worker.lease-seconds", Integer.toString(LEASE_SECONDS),
                "gateway.ai.timeout-ms", "20000",
                "gateway.retry.max-attempts", "5"));
        gatewayWorker = fixture.bean(WorkerIdentity.class).id();
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
    void slowModelCallKeepsItsClaimThroughLeaseRenewalsAndIsAnsweredOnce() {
        OPENAI.resetAll();
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions"))
                .willReturn(FakeProviders.aiAnswer("Thanks for waiting").withFixedDelay(7000)));

        fixture.userWrites("hello?");

        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.job() != null
                && gatewayWorker.equals(fixture.job().get("locked_by")));
        Map<String, Object> claimed = fixture.job();
        Timestamp firstLeaseEnd = (Timestamp) claimed.get("locked_until");
        Set<Timestamp> leaseEnds = new HashSet<>();
        // well past the end of the lease it was claimed with, the job is still this claim's
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> job = fixture.job();
            if (job != null) {
                leaseEnds.add((Timestamp) job.get("locked_until"));
            }
            return fixture.jdbc().queryForObject("SELECT now() > CAST(? AS timestamptz) + interval '1 second'",
                    Boolean.class, firstLeaseEnd);
        });
        Map<String, Object> later = fixture.job();
        assertThat(later).isNotNull();
        assertThat(later.get("claim_token")).isEqualTo(claimed.get("claim_token"));
        assertThat(later.get("attempts")).isEqualTo(1);
        assertThat((Timestamp) later.get("locked_until")).isAfter(firstLeaseEnd);
        assertThat(fixture.claimAs("second-worker", 30)).isNull();

        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        fixture.workers().awaitRepliesSettled();
        assertThat(aiRequests()).hasSize(1);
        assertThat(twilioSends()).hasSize(1);
        assertThat(sentBodies()).containsExactly("Thanks for waiting");
        assertThat(fixture.count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
        System.out.printf("[lease] lease %d s, renewed every %d ms, model call 7 s: one claim (attempts 1), %d lease "
                        + "ends seen, model requests %d, replies 1, sends %d%n", LEASE_SECONDS,
                fixture.bean(ReplyTiming.class).leaseRenewalPeriodMs(), leaseEnds.size(), aiRequests().size(),
                twilioSends().size());
    }

    @Test
    void deadWorkersJobCannotBeClaimedByASecondWorkerUntilItsLeaseRanOut() {
        fixture.unansweredMessageWithAJobDueLater("anyone there?");
        Map<String, Object> dead = fixture.claimAs("worker-that-dies", LEASE_SECONDS,
                "UPDATE reply_jobs SET due_at = now()");
        assertThat(dead).isNotNull().containsEntry("attempts", 1);
        Timestamp leaseEnd = (Timestamp) fixture.job().get("locked_until");

        assertThat(fixture.claimAs("second-worker", 30)).isNull();

        // the gateway's worker, another worker id, takes it over once the lease ran out, and answers once
        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        assertThat(aiRequests()).hasSize(1);
        assertThat(aiRequests().get(0).getLoggedDate().toInstant()).isAfterOrEqualTo(leaseEnd.toInstant());
        assertThat(sentBodies()).containsExactly("Hello from the fake model!");
        assertThat(fixture.count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
    }

    @Test
    void workerWhoseClaimWasTakenOverStoresNothing() {
        OPENAI.resetAll();
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).inScenario("take-over")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered once")
                .willReturn(FakeProviders.aiAnswer("from the worker that lost its claim").withFixedDelay(3000)));
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).inScenario("take-over")
                .whenScenarioStateIs("answered once").willReturn(FakeProviders.aiAnswer("the only reply")));
        double lostBefore = fixture.bean(ReplyMetrics.class).claimsLost();
        fixture.userWrites("hello");
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.job() != null
                && gatewayWorker.equals(fixture.job().get("locked_by")));
        UUID lostToken = (UUID) fixture.job().get("claim_token");

        // a pause longer than the lease (a GC pause, a frozen VM): the lease runs out and another worker claims
        Map<String, Object> other = fixture.claimAs("other-worker", 60,
                "UPDATE reply_jobs SET locked_until = now() - interval '1 second'");
        assertThat(other).isNotNull().containsEntry("attempts", 2);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                fixture.bean(ReplyMetrics.class).claimsLost() == lostBefore + 1);
        assertThat(fixture.count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isZero();
        assertThat(twilioSends()).isEmpty();
        Map<String, Object> job = fixture.job();
        assertThat(job).containsEntry("locked_by", "other-worker")
                .containsEntry("claim_token", other.get("claimToken"));
        assertThat(job.get("claim_token")).isNotEqualTo(lostToken);

        // the other worker dies too: the gateway claims the job again and answers it, once
        fixture.jdbc().update("UPDATE reply_jobs SET locked_until = now() - interval '1 second'");
        await().atMost(Duration.ofSeconds(30)).until(() -> twilioSends().size() == 1);
        assertThat(sentBodies()).containsExactly("the only reply");
        assertThat(fixture.jdbc().queryForList("SELECT content FROM kommo_messages WHERE role = 'assistant'",
                String.class)).containsExactly("the only reply");
        assertThat(aiRequests()).hasSize(2);
        assertThat(fixture.count("SELECT count(*) FROM reply_jobs")).isZero();
    }
}
