package io.wagateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway on PostgreSQL, with Twilio and the AI API replaced by local fakes.
 * Every subclass shares one application context (same configuration), and each test starts from empty
 * tables and fresh fakes.
 */
@CamelSpringBootTest
@DisableJmx(false)
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayIntegrationTest {

    public static final String PUBLIC_BASE_URL = "https://gateway.example.com";
    public static final String API_TOKEN = "test-api-token";
    /** The media folder of the test JVM's contexts (under target/, never the project's ./data). */
    public static final String MEDIA_DIR = "target/test-media/jvm-" + ProcessHandle.current().pid();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private CamelContext camelContext;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        // a database of its own on the test JVM's one PostgreSQL server (the embedded server has its own tests)
        String database = SharedPostgres.migratedDatabaseUrl();
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> TestPostgres.USER);
        registry.add("camel.main.routes-reload-enabled", () -> "false");
        registry.add("gateway.public-base-url", () -> PUBLIC_BASE_URL);
        registry.add("gateway.api.token", () -> API_TOKEN);
        registry.add("gateway.media.dir", () -> MEDIA_DIR);
        FakeProviders.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("gateway.ai.timeout-ms", () -> "3000");
        registry.add("gateway.retry.initial-delay-ms", () -> "0");
        registry.add("gateway.retry.max-attempts", () -> "3");
        registry.add("gateway.worker.poll-interval-ms", () -> "250");
        // every message answered at once: the debounce of bursts has its own tests (ReplyDebounceTest)
        registry.add("gateway.reply.debounce-ms", () -> "0");
        registry.add("gateway.queue.expiry-check-interval-ms", () -> "500");
        // the typing indicators are calls of their own at the fakes: off, but for their own tests (TypingIndicatorTest
        // sets test.typing-indicator; a dynamic property would win over its @TestPropertySource)
        registry.add("gateway.meta.typing-indicator", () -> "${test.typing-indicator:false}");
        registry.add("gateway.twilio.typing-indicator", () -> "${test.typing-indicator:false}");
    }

    @BeforeEach
    void startFromScratch() {
        // the work a previous test left behind finishes first, so that it cannot reach this test's fakes: reply
        // jobs, and sends in flight (claimed) or due within seconds; a send whose retry is scheduled later is
        // dropped with the tables before it is due
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM reply_jobs")
                + count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'pending' "
                        + "AND (locked_until IS NOT NULL OR next_attempt_at < now() + interval '3 seconds')") == 0);
        // the workers' polls may hold row locks for a moment: a deadlock with them is retried
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            jdbc.execute("TRUNCATE kommo_conversations, kommo_messages, reply_jobs, early_delivery_statuses, media "
                    + "CASCADE");
            return true;
        });
        FakeProviders.reset();
    }

    /** This gateway's workers, to wait until they have done all there was to do. */
    protected Workers workers() {
        return new Workers(camelContext);
    }

    /** Posts a Twilio webhook signed the way Twilio signs it. */
    protected HttpResponse<String> postTwilio(Map<String, String> form) {
        return postTwilio(port, form);
    }

    public static HttpResponse<String> postTwilio(int port, Map<String, String> form) {
        String signature = TwilioWebhooks.sign(PUBLIC_BASE_URL + "/webhooks/twilio", form, FakeProviders.AUTH_TOKEN);
        return postForm(port, "/webhooks/twilio", TwilioWebhooks.encode(form), signature);
    }

    protected HttpResponse<String> postForm(String path, String body, String twilioSignature) {
        return postForm(port, path, body, twilioSignature);
    }

    public static HttpResponse<String> postForm(int port, String path, String body, String twilioSignature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (twilioSignature != null) {
            request.header("X-Twilio-Signature", twilioSignature);
        }
        return send(request.build());
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_TOKEN)
                .GET().build());
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Twilio conversation whose user last wrote {@code ago} (a PostgreSQL interval) ago. */
    protected java.util.UUID twilioConversation(String phone, String ago) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, contact_name, last_user_message_at)
                VALUES ('twilio', ?, 'Ana', now() - CAST(? AS interval)) RETURNING id""",
                java.util.UUID.class, phone, ago);
    }

    /** An outgoing message waiting for the send worker, as an agent's message through the API leaves it. */
    protected java.util.UUID pendingMessage(java.util.UUID conversation, String text) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_messages (conversation_id, provider, role, content, metadata, delivery_status,
                                            next_attempt_at)
                SELECT id, provider, 'assistant', ?, '{"author":"agent"}', 'pending', now()
                  FROM kommo_conversations WHERE id = ? RETURNING id""", java.util.UUID.class, text, conversation);
    }

    protected int count(String sql, Object... args) {
        Integer count = jdbc.queryForObject(sql, Integer.class, args);
        return count == null ? 0 : count;
    }
}
