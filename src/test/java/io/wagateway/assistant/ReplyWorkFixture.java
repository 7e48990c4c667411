package io.wagateway.assistant;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.wagateway.support.FakeProviders.OPENAI;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.sql.Sql;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.GatewayProcess;
import io.wagateway.support.SharedPostgres;
import io.wagateway.support.TestPostgres;
import io.wagateway.support.TwilioWebhooks;
import io.wagateway.support.Workers;
import io.wagateway.webhook.FormBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A gateway of its own (for settings the shared test context does not have) and what the reply tests do
 * with it: post Twilio messages, read rows, read what reached the fakes, and act as another worker that
 * claims reply jobs with the gateway's own {@code reply_jobs/claim.sql}.
 */
final class ReplyWorkFixture implements AutoCloseable {

    static final String PHONE = "+5511988887777";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayProcess gateway;
    private int sids;

    private ReplyWorkFixture(GatewayProcess gateway) {
        this.gateway = gateway;
    }

    static ReplyWorkFixture start(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("spring.datasource.url", SharedPostgres.migratedDatabaseUrl());
        properties.put("spring.datasource.username", TestPostgres.USER);
        properties.put("spring.datasource.password", TestPostgres.USER);
        return new ReplyWorkFixture(GatewayProcess.start(properties));
    }

    GatewayProcess gateway() {
        return gateway;
    }

    JdbcTemplate jdbc() {
        return gateway.jdbc();
    }

    /** Waits until no work is in progress, then empties the tables and resets the fakes. */
    void startFromScratch() {
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM reply_jobs WHERE locked_until > now()")
                + count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'pending'") == 0);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            jdbc().execute("TRUNCATE kommo_conversations, kommo_messages, reply_jobs, reply_dead_letters CASCADE");
            return true;
        });
        FakeProviders.reset();
    }

    /** A user's text message, as a signed Twilio webhook; a new MessageSid each time. */
    HttpResponse<String> userWrites(String text) {
        String sid = String.format("SM%032d", ++sids);
        return GatewayIntegrationTest.postTwilio(gateway.port(), TwilioWebhooks.text(sid, PHONE, text));
    }

    int count(String sql, Object... args) {
        Integer count = jdbc().queryForObject(sql, Integer.class, args);
        return count == null ? 0 : count;
    }

    static List<LoggedRequest> aiRequests() {
        return OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")));
    }

    static List<LoggedRequest> twilioSends() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)));
    }

    static List<String> sentBodies() {
        return twilioSends().stream().map(request -> FormBody.parse(request.getBody()).get("Body")).toList();
    }

    /** The conversation the model was given, as "role: content" lines after the system prompt. */
    static List<String> conversationSentToTheModel(LoggedRequest request) {
        try {
            List<String> lines = new ArrayList<>();
            for (JsonNode message : JSON.readTree(request.getBodyAsString()).get("messages")) {
                if (!"system".equals(message.get("role").asText())) {
                    lines.add(message.get("role").asText() + ": " + message.get("content").asText());
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a webhook leaves, written directly: a conversation, the user's message and its reply job, due only
     * in an hour so that no worker takes it before the test says so.
     */
    UUID unansweredMessageWithAJobDueLater(String text) {
        UUID conversation = jdbc().queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, contact_name, last_user_message_at)
                VALUES ('twilio', ?, 'Ana', now()) RETURNING id""", UUID.class, PHONE);
        jdbc().update("""
                INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content)
                VALUES (?, 'twilio', ?, 'user', ?)""", conversation, String.format("SM%032d", ++sids), text);
        jdbc().update("INSERT INTO reply_jobs (conversation_id, due_at) VALUES (?, now() + interval '1 hour')",
                conversation);
        return conversation;
    }

    /** The reply job, as {@code reply_jobs} has it now, or {@code null}. */
    Map<String, Object> job() {
        List<Map<String, Object>> rows = jdbc().queryForList("""
                SELECT conversation_id, attempts, locked_by, locked_until, claim_token, last_error, due_at,
                       requested_at, burst_started_at,
                       EXTRACT(EPOCH FROM due_at - now()) AS due_in_seconds
                  FROM reply_jobs""");
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Waits until the job is released after its {@code attempts}-th failed attempt, and returns it. */
    Map<String, Object> awaitReleasedAfterAttempt(int attempts) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Object> job = job();
            return job != null && job.get("locked_by") == null && job.get("last_error") != null
                    && Integer.valueOf(attempts).equals(job.get("attempts"));
        });
        return job();
    }

    /** The backoff is over: the waiting job is due now (the test plays the clock). */
    void makeDue() {
        if (jdbc().update("UPDATE reply_jobs SET due_at = now() WHERE locked_by IS NULL") != 1) {
            throw new IllegalStateException("no reply job waiting");
        }
    }

    /** Another worker claims a due job, as the gateway's workers do ({@code reply_jobs/claim.sql}). */
    Map<String, Object> claimAs(String workerId, int leaseSeconds) {
        return claimAs(workerId, leaseSeconds, null);
    }

    /**
     * Another worker claims a due job, in one transaction after {@code statementBefore} (e.g. making a lease
     * run out), so the gateway's own workers cannot take the job in between.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> claimAs(String workerId, int leaseSeconds, String statementBefore) {
        ProducerTemplate producer = gateway.bean(CamelContext.class).createProducerTemplate();
        try {
            return new TransactionTemplate(gateway.bean(PlatformTransactionManager.class)).execute(status -> {
                if (statementBefore != null) {
                    jdbc().update(statementBefore);
                }
                return (Map<String, Object>) producer.requestBodyAndHeaders(Sql.selectOne("reply_jobs/claim"), null,
                        Map.of("workerId", workerId, "leaseSeconds", leaseSeconds));
            });
        } finally {
            try {
                producer.stop();
            } catch (Exception ignored) {
                // a template that cannot stop holds nothing worth keeping
            }
        }
    }

    /** The gateway's workers, to wait until they have done all there was to do. */
    Workers workers() {
        return new Workers(gateway.bean(CamelContext.class));
    }

    <T> T bean(Class<T> type) {
        return gateway.bean(type);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
