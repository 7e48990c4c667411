package io.wagateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.support.ChildGateway;
import io.wagateway.support.Figures;
import io.wagateway.support.GatedAi;
import io.wagateway.support.GatewayDatabase;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.InboundMessage;
import io.wagateway.support.ProviderSends;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, item 2, second half: the process dies while the providers hold its sends (they have the
 * messages, the gateway has not stored their ids). Whether a provider took a message is then unknown, so
 * the restarted gateway never sends it again on its own: each becomes {@code failed}/{@code send_interrupted}
 * in {@code GET /api/failures}, and only an operator's {@code POST /api/failures/{id}/retry} sends it again.
 */
class CrashDuringSendIT {

    private static final int MESSAGES = 3;
    private static final Duration PROVIDER_HOLDS_SENDS = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static GatedAi ai;

    @BeforeAll
    static void fakes() {
        ai = GatedAi.start(Duration.ZERO);
        ProviderSends.acceptAllAfter(PROVIDER_HOLDS_SENDS);
    }

    @AfterAll
    static void cleanUp() {
        ChildGateway.killAll();
        ai.close();
        ProviderSends.acceptAll();
    }

    @Test
    void sendsInFlightWhenTheProcessIsKilledAreNeverResentAutomaticallyOnlyByAnOperatorsRetry() throws Exception {
        Path dataDir = Path.of(System.getProperty("gateway.it-dir", "target"), "it-pg",
                "send-crash-" + UUID.randomUUID());
        int dbPort = ChildGateway.freePort();
        Map<String, String> env = ChildGateway.environment();
        env.putAll(ChildGateway.embeddedDatabase(dataDir, dbPort));
        env.put("AI_BASE_URL", ai.baseUrl("first"));
        // the first process waits for the providers' answers rather than timing out: it dies while waiting
        env.put("PROVIDER_TIMEOUT_MS", Long.toString(PROVIDER_HOLDS_SENDS.multipliedBy(2).toMillis()));
        ChildGateway first = ChildGateway.start("send-crash-first", env);
        GatewayDatabase db = GatewayDatabase.embedded(dbPort);

        List<InboundMessage> messages = InboundMessage.mix("send-crash", 0, MESSAGES);
        messages.forEach(message -> assertThat(message.post(first.port()).statusCode()).isEqualTo(200));
        await("every reply in flight at its provider").atMost(Duration.ofSeconds(60))
                .until(() -> ProviderSends.total() == MESSAGES);
        assertThat(db.count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant' "
                + "AND delivery_status = 'pending' AND provider_message_id IS NULL")).isEqualTo(MESSAGES);

        long killedAt = System.nanoTime();
        first.kill9();
        ProviderSends.answerAfter(Duration.ZERO);
        env.remove("PROVIDER_TIMEOUT_MS");
        env.put("AI_BASE_URL", ai.baseUrl("second"));
        ChildGateway second = ChildGateway.start("send-crash-second", env);

        await("interrupted sends failed once their leases ran out").atMost(ChildGateway.LEASE.multipliedBy(4))
                .until(() -> db.count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'failed' "
                        + "AND delivery_error_code = 'send_interrupted'") == MESSAGES);
        long interruptedAt = System.nanoTime();
        // a whole round of the second gateway's send poll after the failures, and no send claimed meanwhile
        double rounds = sendPollRounds(second);
        await("two rounds of send-poll").atMost(Duration.ofSeconds(30))
                .until(() -> sendPollRounds(second) >= rounds + 2);
        await("no send in flight").atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) "
                + "FROM kommo_messages WHERE delivery_status = 'pending' AND locked_until IS NOT NULL") == 0);
        assertThat(ProviderSends.total()).as("nothing is resent on its own").isEqualTo(MESSAGES);

        JsonNode failures = api(second, "GET", "/api/failures", 200);
        assertThat(failures.findValuesAsText("errorCode")).hasSize(MESSAGES).containsOnly("send_interrupted");
        String retried = failures.findValuesAsText("messageId").get(0);
        api(second, "POST", "/api/failures/" + retried + "/retry", 202);
        await("the operator's retry sent once").atMost(Duration.ofSeconds(30))
                .until(() -> "accepted".equals(db.jdbc().queryForObject(
                        "SELECT delivery_status FROM kommo_messages WHERE id = CAST(? AS uuid)", String.class,
                        retried)));

        Map<String, Integer> sends = ProviderSends.perRecipient();
        new Figures("CrashDuringSendIT")
                .put("messages", MESSAGES).put("inFlightAtKill", MESSAGES)
                .put("resentAutomatically", ProviderSends.total() - MESSAGES - 1)
                .put("markedSendInterrupted", MESSAGES).put("operatorRetries", 1)
                .put("secondsKillToInterrupted", Figures.seconds(interruptedAt - killedAt))
                .print();
        assertThat(ProviderSends.total()).as("the sends in flight plus the one retried on purpose")
                .isEqualTo(MESSAGES + 1);
        assertThat(sends).hasSize(MESSAGES);
        assertThat(sends.values()).containsExactlyInAnyOrder(1, 1, 2);
        assertThat(db.count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'failed' "
                + "AND delivery_error_code = 'send_interrupted'")).isEqualTo(MESSAGES - 1);
        second.stop();
    }

    /** The completed rounds of the gateway's send poll (a timer: one round at a time). */
    private static double sendPollRounds(ChildGateway gateway) {
        return gateway.prometheus().value("camel_exchanges_total", "routeId", "send-poll");
    }

    private static JsonNode api(ChildGateway gateway, String method, String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.uri(path))
                .header("Authorization", "Bearer " + GatewayIntegrationTest.API_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}
