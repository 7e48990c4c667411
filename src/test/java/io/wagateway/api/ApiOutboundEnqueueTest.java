package io.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wagateway.http.RefusedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shared enqueue ({@code direct:outbound-enqueue}) and its decision statement
 * ({@code kommo_messages/insert-outbound.sql}): the test context has no fallback template configured, so the
 * template branch is driven through the route's {@code templateConfigured} and through the statement itself.
 */
class ApiOutboundEnqueueTest extends ApiIntegrationTestBase {

    @Autowired
    private ProducerTemplate camel;

    @Autowired
    private PlatformTransactionManager transactions;

    private Map<?, ?> enqueue(UUID conversation, String text, Boolean templateConfigured) {
        return camel.requestBody("direct:outbound-enqueue",
                ApiOutboundMessageTest.enqueueRequest(conversation, text, templateConfigured), Map.class);
    }

    private String deliveryStatus(Object messageId) {
        return jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, messageId);
    }

    @Test
    void outsideTheWindowWithATemplateConfiguredTheReengageModeHandsTheMessageToTheSendWorkerToBeQueued() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 minute");
        lastUserMessage(id, "24 hours 1 minute");

        Map<?, ?> result = enqueue(id, "Your order has shipped", true);

        assertThat(result.get("delivery")).isEqualTo("queued");
        assertThat(result.get("deliveryStatus")).isEqualTo("pending");
        assertThat(result.get("conversationId")).isEqualTo(id);
        assertThat(jdbc.queryForObject("SELECT metadata::text FROM kommo_messages WHERE id = ?", String.class,
                result.get("messageId"))).isEqualTo("{\"author\": \"system\"}");
        // the send worker queues it (inviting the user back is the send side's business; no template here)
        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(deliveryStatus(result.get("messageId"))));
    }

    @Test
    void withoutTemplateConfiguredTheRouteAsksTheProvidersSettingsWhichAreBlankHere() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 minute");
        lastUserMessage(id, "3 days");

        Map<?, ?> result = enqueue(id, "Hello", null);

        assertThat(result.get("delivery")).isEqualTo("queued");
        assertThat(deliveryStatus(result.get("messageId"))).isEqualTo("queued");
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).isEmpty();
    }

    @Test
    void insideTheWindowATemplateIsNotUsed() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 minute");
        lastUserMessage(id, "1 hour");

        Map<?, ?> result = enqueue(id, "Hello inside", true);

        assertThat(result.get("delivery")).isEqualTo("sent");
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(deliveryStatus(result.get("messageId"))));
    }

    @Test
    void theRouteRefusesUnknownAndClosedConversationsWithTheirStatus() {
        UUID closed = conversation("twilio", "+5511999990001", "closed", "1 minute");

        assertThatThrownBy(() -> enqueue(UUID.randomUUID(), "Hello", null))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(RefusedRequest.class)
                .satisfies(e -> assertThat(((RefusedRequest) e).status()).isEqualTo(404));
        assertThatThrownBy(() -> enqueue(closed, "Hello", true))
                .cause().isInstanceOf(RefusedRequest.class)
                .satisfies(e -> assertThat(((RefusedRequest) e).status()).isEqualTo(409));
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void theStartRouteRefusesATooLongTextBeforeCreatingTheConversation() {
        Map<String, Object> request = new HashMap<>();
        request.put("provider", "twilio");
        request.put("phone", "+5511999990001");
        request.put("text", "x".repeat(1601));

        assertThatThrownBy(() -> camel.requestBody("direct:outbound-start", request, Map.class))
                .cause().isInstanceOf(RefusedRequest.class)
                .satisfies(e -> assertThat(((RefusedRequest) e).status()).isEqualTo(400));
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();

        request.put("text", "Hello from the start route");
        request.put("templateConfigured", true);
        Map<?, ?> result = camel.requestBody("direct:outbound-start", request, Map.class);

        assertThat(result.get("delivery")).isEqualTo("queued");
        assertThat(jdbc.queryForObject("SELECT provider FROM kommo_conversations WHERE id = ?", String.class,
                result.get("conversationId"))).isEqualTo("twilio");
        await().atMost(Duration.ofSeconds(20)).until(() -> !"pending".equals(deliveryStatus(result.get("messageId"))));
    }

    /**
     * Every branch of the decision, for every provider, run through the statement itself in a transaction
     * that is rolled back (nothing reaches the send worker): the window's edges, a user who never wrote,
     * a configured template, a closed conversation.
     */
    @Test
    void theDecisionStatementFollowsTheWindowFunctionsOfTheDatabase() throws IOException {
        String statement = statement();
        record Case(String provider, String userWroteAgo, boolean template, boolean carries, boolean optedOut,
                    String status, String delivery, String stored) {
        }
        List<Case> cases = List.of(
                new Case("twilio", "23 hours 59 minutes", false, false, false, "active", "sent", "pending"),
                new Case("twilio", "24 hours 1 minute", false, false, false, "active", "queued", "queued"),
                // reengage (or a text the template cannot carry): the send worker queues it and invites the user back
                new Case("twilio", "24 hours 1 minute", true, false, false, "active", "queued", "pending"),
                new Case("twilio", "24 hours 1 minute", true, true, false, "active", "template", "pending"),
                new Case("twilio", null, false, false, false, "active", "queued", "queued"),
                new Case("twilio", null, true, true, false, "escalated", "template", "pending"),
                new Case("meta", "23 hours 59 minutes", true, true, false, "active", "sent", "pending"),
                new Case("meta", "24 hours 1 minute", false, false, false, "escalated", "queued", "queued"),
                new Case("meta", "24 hours 1 minute", true, true, false, "active", "template", "pending"),
                new Case("kommo", "25 hours", false, false, false, "active", "sent", "pending"),
                new Case("kommo", null, true, true, false, "active", "sent", "pending"),
                // a user who opted out: within the window still written to, outside it not at all
                new Case("meta", "1 hour", true, true, true, "active", "sent", "pending"),
                new Case("meta", "30 hours", true, true, true, "active", "opted_out", null),
                new Case("twilio", "1 hour", false, false, false, "closed", null, null),
                new Case("meta", "30 hours", true, true, false, "closed", null, null));
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
        int n = 0;
        for (Case c : cases) {
            String phone = "+55119999900" + String.format("%02d", n++);
            new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                UUID id = conversation(c.provider(), phone, c.status(), "1 minute");
                if (c.userWroteAgo() != null) {
                    lastUserMessage(id, c.userWroteAgo());
                }
                if (c.optedOut()) {
                    jdbc.update("UPDATE kommo_conversations SET opted_out_at = now() WHERE id = ?", id);
                }
                Map<String, Object> parameters = new HashMap<>();
                parameters.put("conversationId", id);
                parameters.put("text", "decide");
                parameters.put("author", "agent");
                parameters.put("templateConfigured", c.template());
                parameters.put("templateCarries", c.carries());
                parameters.put("messageType", "text");
                parameters.put("media", null);

                Map<String, Object> row = named.queryForMap(statement, parameters);

                assertThat(row.get("conversationId")).as("%s", c).isEqualTo(id);
                assertThat(row.get("status")).as("%s", c).isEqualTo(c.status());
                if (c.stored() == null) {
                    if (c.delivery() != null) {
                        assertThat(row.get("delivery")).as("%s", c).isEqualTo(c.delivery());
                    }
                    assertThat(row.get("messageId")).as("%s", c).isNull();
                    assertThat(count("SELECT count(*) FROM kommo_messages WHERE conversation_id = ?", id)).isZero();
                } else {
                    assertThat(row.get("delivery")).as("%s", c).isEqualTo(c.delivery());
                    assertThat(row.get("deliveryStatus")).as("%s", c).isEqualTo(c.stored());
                    assertThat(jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE id = ?",
                            String.class, row.get("messageId"))).as("%s", c).isEqualTo(c.stored());
                }
                tx.setRollbackOnly();
            });
        }
        Map<String, Object> unknown = new HashMap<>();
        unknown.put("conversationId", UUID.randomUUID());
        unknown.put("text", "decide");
        unknown.put("author", "agent");
        unknown.put("templateConfigured", true);
        unknown.put("templateCarries", true);
        unknown.put("messageType", "text");
        unknown.put("media", null);
        assertThat(named.queryForList(statement, unknown)).isEmpty();
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    /** The statement as camel-sql runs it, in Spring's named-parameter syntax ({@code :#name} is {@code :name}). */
    private static String statement() throws IOException {
        try (InputStream in = ApiOutboundEnqueueTest.class
                .getResourceAsStream("/sql/kommo_messages/insert-outbound.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(":#", ":");
        }
    }
}
