package io.wagateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.ChildGateway;
import io.wagateway.support.GatedAi;
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
 * A graceful stop (SIGTERM) of a gateway on its embedded PostgreSQL lets the send in flight finish and record
 * its outcome: the database is stopped after Camel, not by a JVM shutdown hook of its own running next to
 * Spring's (which stopped it first, so the outcome was lost and the message later failed as interrupted).
 */
class GracefulStopIT {

    private static final Duration PROVIDER_ANSWERS_AFTER = Duration.ofSeconds(4);

    private static GatedAi ai;

    @BeforeAll
    static void fakes() {
        ai = GatedAi.start(Duration.ZERO);
        ProviderSends.acceptAllAfter(PROVIDER_ANSWERS_AFTER);
    }

    @AfterAll
    static void stop() {
        ChildGateway.killAll();
        ai.close();
    }

    @Test
    void aSendInFlightAtSigtermRecordsItsOutcomeBeforeTheDatabaseStops() {
        Path dataDir = Path.of(System.getProperty("gateway.it-dir", "target"), "it-pg",
                "graceful-" + UUID.randomUUID());
        Map<String, String> env = ChildGateway.environment();
        env.putAll(ChildGateway.embeddedDatabase(dataDir, ChildGateway.freePort()));
        env.put("AI_BASE_URL", ai.baseUrl("graceful"));
        ChildGateway gateway = ChildGateway.start("graceful-stop", env);
        InboundMessage message = InboundMessage.mix("graceful", 0, 1).get(0);
        assertThat(message.post(gateway.port()).statusCode()).isEqualTo(200);
        await("the reply held by its provider").atMost(Duration.ofSeconds(60)).until(() -> ProviderSends.total() == 1);

        gateway.stop();

        List<String> log = gateway.logLines();
        int routesStopped = indexOf(log, "Routes stopped");
        // zonky logs it once pg_ctl stopped the server
        int databaseStopped = indexOf(log, "shut down postmaster");
        assertThat(log).as("the outcome of the send in flight is recorded")
                .anySatisfy(line -> assertThat(line).contains("send-reply").contains("Message ")
                        .contains(" as text: "));
        assertThat(routesStopped).as("Camel's routes stopped").isNotNegative();
        assertThat(databaseStopped).as("PostgreSQL stopped after Camel's routes").isGreaterThan(routesStopped);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
