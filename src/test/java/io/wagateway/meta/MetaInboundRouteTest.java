package io.wagateway.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.webhook.WebhookAnswer;
import io.wagateway.webhook.WebhookErrorHandling;
import io.wagateway.webhook.WebhookException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * routes/meta-inbound.camel.yaml and meta-verify.camel.yaml with the inbound rules meta-inbound calls
 * (routes/inbound-rules.camel.yaml), in a plain Camel context: the webhook's input replaced by {@code direct:},
 * the save and status routes by recorders. What reaches them, in which order, and what the webhook answers
 * when one of them fails halfway through a body.
 */
class MetaInboundRouteTest {

    private static final String SECRET = "test_app_secret";
    private final List<Object> saved = new CopyOnWriteArrayList<>();
    private final List<CanonicalMessage> savedMessages = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> savedHeaders = new CopyOnWriteArrayList<>();
    private final List<Object> statuses = new CopyOnWriteArrayList<>();
    private volatile String failOnText;
    private DefaultCamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void loadTheRouteFile() throws Exception {
        MetaProperties properties = new MetaProperties("token", "106540352242922", SECRET, "verify", null, null,
                null, null);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("metaSignatureVerifier", new MetaSignatureVerifier(properties));
        camel.getRegistry().bind("metaNormalizer", new MetaNormalizer(new ObjectMapper()));
        camel.getRegistry().bind("metaVerificationHandshake", new MetaVerificationHandshake(properties));
        camel.getRegistry().bind("webhookAnswer", new WebhookAnswer());
        camel.addRoutes(new WebhookErrorHandling());
        camel.addRoutes(new MetaNoticeRoutes());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:conversation-save").errorHandler(noErrorHandler()).process(exchange -> {
                    CanonicalMessage message = exchange.getMessage().getBody(CanonicalMessage.class);
                    saved.add(message.providerMessageId());
                    savedMessages.add(message);
                    savedHeaders.add(Map.copyOf(exchange.getMessage().getHeaders()));
                    if (message.text().equals(failOnText)) {
                        throw new CannotGetJdbcConnectionException("connection refused");
                    }
                });
                from("direct:meta-status-update").errorHandler(noErrorHandler())
                        .process(exchange -> statuses.add(exchange.getMessage().getBody()));
            }
        });
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                PluginHelper.getResourceLoader(camel).resolveResource("file:routes/meta-inbound.camel.yaml"),
                PluginHelper.getResourceLoader(camel).resolveResource("file:routes/meta-verify.camel.yaml"),
                PluginHelper.getResourceLoader(camel).resolveResource("file:routes/inbound-rules.camel.yaml"));
        AdviceWith.adviceWith(camel, "meta-inbound", route -> route.replaceFromWith("direct:meta-inbound"));
        AdviceWith.adviceWith(camel, "meta-verify", route -> route.replaceFromWith("direct:meta-verify"));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private Exchange post(byte[] body) {
        return template.request("direct:meta-inbound", exchange -> {
            exchange.getIn().setBody(body);
            exchange.getIn().setHeader("X-Hub-Signature-256", MetaSignatureVerifier.sign(body, SECRET));
            exchange.getIn().setHeader("Content-Type", "application/json");
            exchange.getIn().setHeader("conversationId", "00000000-0000-0000-0000-000000000000");
        });
    }

    private static byte[] threeMessagesAndAStatus() {
        return MetaWebhooks.notification(
                MetaWebhooks.textMessages(new String[] {"15550000001", "Ana", "wamid.1", "first"},
                        new String[] {"15550000002", "Bruno", "wamid.2", "second"}),
                MetaWebhooks.textMessages(new String[] {"15550000003", "Carla", "wamid.3", "third"}) + ","
                        + MetaWebhooks.status("wamid.OUT", "read"));
    }

    @Test
    void everyMessageIsSavedInOrderThenEveryStatusAndTheAnswerIsEventReceived() {
        Exchange answer = post(threeMessagesAndAStatus());

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isNull();
        assertThat(answer.getMessage().getHeader("Content-Type")).isEqualTo("text/plain");
        assertThat(answer.getMessage().getBody(String.class)).isEqualTo("EVENT_RECEIVED");
        assertThat(saved).containsExactly("wamid.1", "wamid.2", "wamid.3");
        assertThat(statuses).containsExactly(new MetaStatusUpdate("wamid.OUT", "read", null, null));
    }

    @Test
    void requestHeadersNeverReachTheSaveRouteWhereTheyCouldPoseAsSqlParameters() {
        post(threeMessagesAndAStatus());

        assertThat(savedHeaders).hasSize(3).allSatisfy(headers -> assertThat(headers).isEmpty());
    }

    @Test
    void everyMessageGoesThroughTheInboundRulesBeforeItIsSaved() {
        post(MetaWebhooks.notification(MetaWebhooks.textMessages(
                new String[] {"15550000001", "Ana", "wamid.1", "hello"},
                new String[] {"15550000002", "Bruno", "wamid.2", "Where is my Invoice?"})));

        assertThat(savedMessages).extracting(message -> message.metadata().get("topic"))
                .containsExactly(null, "billing");
    }

    @Test
    void databaseFailureOnTheSecondMessageAnswers503AndStopsBeforeTheRest() {
        failOnText = "second";

        Exchange answer = post(threeMessagesAndAStatus());

        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(answer.getMessage().getBody(String.class)).contains("\"error\":\"database unavailable\"");
        assertThat(saved).containsExactly("wamid.1", "wamid.2");
        assertThat(statuses).isEmpty();
    }

    @Test
    void badSignatureAnswers403AndSavesNothing() {
        Exchange answer = template.request("direct:meta-inbound", exchange -> {
            exchange.getIn().setBody(threeMessagesAndAStatus());
            exchange.getIn().setHeader("X-Hub-Signature-256", "sha256=" + "0".repeat(64));
        });

        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
        assertThat(saved).isEmpty();
    }

    @Test
    void verificationAnswersTheChallengeAsPlainText() {
        Exchange answer = template.request("direct:meta-verify", exchange -> {
            exchange.getIn().setHeader("hub.mode", "subscribe");
            exchange.getIn().setHeader("hub.verify_token", "verify");
            exchange.getIn().setHeader("hub.challenge", "1158201444");
        });

        assertThat(answer.getMessage().getBody(String.class)).isEqualTo("1158201444");
        assertThat(answer.getMessage().getHeader("Content-Type")).isEqualTo("text/plain");
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isNull();
    }

    @Test
    void verificationWithoutAConfiguredTokenIsRefused() {
        MetaVerificationHandshake unconfigured = new MetaVerificationHandshake(new MetaProperties("token",
                "106540352242922", SECRET, " ", null, null, null, null));

        assertThatThrownBy(() -> unconfigured.challenge("subscribe", " ", "1"))
                .isInstanceOfSatisfying(WebhookException.class,
                        e -> assertThat(e.status()).isEqualTo(403));
    }
}
