package io.wagateway.conversation;

import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.ConsentChange;
import io.wagateway.canonical.IdentityChange;
import io.wagateway.canonical.Provider;
import io.wagateway.operations.Correlation;
import io.wagateway.operations.GatewayMetrics;
import io.wagateway.sql.GroupCommit;
import io.wagateway.sql.InTransaction;
import io.wagateway.sql.Sql;
import io.wagateway.worker.Nudge;
import io.wagateway.worker.ReplyTiming;
import io.wagateway.worker.ReplyWakeUp;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code direct:conversation-save}: the canonical message in, committed out. Find-or-create the
 * conversation, store the user message (idempotent on the provider's message id), release the messages
 * queued while the window was closed, leave a reply job and the downloads of its media, all in one transaction;
 * the webhook answers only after it returns. Then the send workers are nudged when queued messages were released,
 * the media workers when it carried media, and the reply workers woken when the reply is due
 * ({@link ReplyWakeUp}).
 */
@Component
public class ConversationSaveRoutes extends RouteBuilder {

    private static final Logger SAVE_LOG = LoggerFactory.getLogger("conversation-save-tx");

    private final GatewayMetrics metrics;
    private final ReplyTiming timing;
    private final ReplyWakeUp wakeUp;
    private final ConsentKeywords consentKeywords;
    private final InTransaction transaction;
    private final GroupCommit groupCommit;

    public ConversationSaveRoutes(GatewayMetrics metrics, ReplyTiming timing, ReplyWakeUp wakeUp,
                                  ConsentKeywords consentKeywords, InTransaction transaction,
                                  GroupCommit groupCommit) {
        this.metrics = metrics;
        this.transaction = transaction;
        this.groupCommit = groupCommit;
        this.consentKeywords = consentKeywords;
        this.timing = timing;
        this.wakeUp = wakeUp;
    }

    @Override
    public void configure() {
        // failures travel back to the webhook route as they were raised, for its error policy to answer (503)
        ProcessorDefinition<?> stored = from("direct:conversation-save").routeId("conversation-save")
                .errorHandler(noErrorHandler())
                // the provider's message id is the correlation id of every log line from here to the reply's send
                .process(Correlation::fromMessage).id("conversation-save-correlation")
                // the SQL component reads named parameters from headers before variables: the request's
                // HTTP headers (which no provider signs) must not be able to fill in a parameter
                .removeHeaders("*").id("conversation-save-headers-drop")
                .to("direct:conversation-save-tx").id("conversation-save-commit")
                .filter(variable("messageId").isNotNull()).id("conversation-save-if-stored")
                    .process(metrics::received).id("conversation-save-count-received")
                    .filter(variable("released").isGreaterThan(0)).id("conversation-save-if-released")
                        .to(Nudge.SEND).id("send-nudge-for-released")
                    .end()
                    .filter(variable("attached").isGreaterThan(0)).id("conversation-save-if-attached")
                        .to(Nudge.MEDIA).id("media-nudge-for-attached")
                    .end();
        // a reply due at once wakes a worker now; one waiting for the end of a burst when that comes (the
        // wake-ups of a busy second fold into one, and the worker it wakes brings in the others it needs)
        if (timing.debounceMs() == 0) {
            stored.to(Nudge.REPLY).id("reply-nudge-send");
        } else {
            stored.process(exchange -> wakeUp.in(timing.debounceMs())).id("reply-wake-up-after-debounce");
        }

        // webhooks arriving together share a commit; each goes on only after the one holding its message
        from("direct:conversation-save-tx").routeId("conversation-save-tx")
                .errorHandler(noErrorHandler())
                .policy(groupCommit.orderedBy(ConversationSaveRoutes::lockKey)).id("conversation-save-transaction")
                .choice().id("conversation-find-or-create-by-provider")
                    .when(sentBy(Provider.KOMMO)).id("conversation-when-kommo")
                        .toV(Sql.selectOne("kommo_conversations/find-or-create-kommo"), null, "conversationId")
                            .id("conversation-find-or-create-kommo")
                    .otherwise().id("conversation-otherwise-whatsapp")
                        // Twilio and Meta: the user's phone, BSUID or both (a message carrying both links them)
                        .toV(Sql.selectOne("kommo_conversations/find-or-create-whatsapp"), null, "conversationId")
                            .id("conversation-find-or-create-whatsapp")
                .end()
                // the reply waits for the rest of a burst (REPLY_DEBOUNCE_MS)
                .setVariable("debounceMs", constant(timing.debounceMs())).id("conversation-save-debounce")
                .setVariable("debounceMaxMs", constant(timing.debounceMaxMs())).id("conversation-save-debounce-max")
                .process(this::consentOf).id("conversation-save-consent-keyword")
                .choice().id("message-save-consent-or-inbound")
                    .when(variable("consent").isNotNull()).id("message-when-consent-keyword")
                        // STOP or START: the opt-out changed and confirmed, no AI reply, in one statement
                        .toV(Sql.selectOne("kommo_messages/save-consent"), null, "saved").id("message-save-consent")
                    .otherwise().id("message-otherwise-inbound")
                        // the message, the release of the queued ones and the reply job in one statement
                        .toV(Sql.selectOne("kommo_messages/save-inbound"), null, "saved").id("message-save-inbound")
                .end()
                .process(ConversationSaveRoutes::unpackSaved).id("message-save-result")
                .process(ConversationSaveRoutes::logSaved).id("message-save-log");

        identityChangeRoutes();
        consentRoutes();
    }

    /**
     * {@code direct:conversation-identity-change}: an {@link IdentityChange} in, committed out. The new phone and
     * BSUID join the conversation of the previous ones (merging it with one the new identifiers already have),
     * and the notice is stored there as a {@code system} message: no reply, no window, idempotent. A notice about
     * nobody the gateway knows links nothing and stores nothing.
     */
    private void identityChangeRoutes() {
        from("direct:conversation-identity-change").routeId("conversation-identity-change")
                .errorHandler(noErrorHandler())
                .process(exchange -> Correlation.set(exchange,
                        exchange.getMessage().getBody(IdentityChange.class).providerMessageId()))
                    .id("identity-change-correlation")
                .removeHeaders("*").id("identity-change-headers-drop")
                .to("direct:conversation-identity-change-tx").id("identity-change-commit");

        from("direct:conversation-identity-change-tx").routeId("conversation-identity-change-tx")
                .errorHandler(noErrorHandler())
                .policy(transaction).id("identity-change-transaction")
                .toV(Sql.selectOne("kommo_conversations/link-identity"), null, "conversationId")
                    .id("conversation-identity-link")
                .choice().id("identity-change-linked-check")
                    .when(variable("conversationId").isNull()).id("identity-change-when-unknown")
                        .log("Identity change ${body.providerMessageId} of ${body.provider}: neither the previous nor "
                                + "the new identifiers belong to a conversation, nothing to link")
                            .id("identity-change-log-unknown")
                    .otherwise().id("identity-change-otherwise-linked")
                        .toV(Sql.selectOne("kommo_messages/save-system"), null, "messageId")
                            .id("identity-change-save-system-message")
                        .log("Identity change ${body.providerMessageId} of ${body.provider}: linked to conversation "
                                + "${variable.conversationId}, no reply").id("identity-change-log-linked")
                .end();
    }

    /**
     * {@code direct:conversation-consent}: a {@link ConsentChange} in, committed out. The user's conversation
     * (created when there is none yet, so the preference is kept) is opted out or back in, and the notice stored as
     * a {@code system} message; a redelivered notice changes nothing.
     */
    private void consentRoutes() {
        from("direct:conversation-consent").routeId("conversation-consent")
                .errorHandler(noErrorHandler())
                .process(exchange -> Correlation.set(exchange,
                        exchange.getMessage().getBody(ConsentChange.class).providerMessageId()))
                    .id("consent-correlation")
                .removeHeaders("*").id("consent-headers-drop")
                .to("direct:conversation-consent-tx").id("consent-commit");

        from("direct:conversation-consent-tx").routeId("conversation-consent-tx")
                .errorHandler(noErrorHandler())
                .policy(transaction).id("consent-transaction")
                .toV(Sql.selectOne("kommo_conversations/find-or-create-whatsapp"), null, "conversationId")
                    .id("consent-conversation-find-or-create")
                .toV(Sql.selectOne("kommo_messages/save-system"), null, "messageId").id("consent-save-system-message")
                .filter(variable("messageId").isNotNull()).id("consent-if-new-notice")
                    .log("Conversation ${variable.conversationId}: the user changed marketing messages in WhatsApp "
                            + "(user_preferences), opted out: ${body.optedOut}").id("consent-log-change")
                    .to(Sql.statement("kommo_conversations/set-consent")).id("consent-set")
                .end();
    }

    /**
     * What was stored, under the route's name as Camel's log step would write it; in Java because the simple
     * expressions {@code ${body.provider.id()}...} copied the exchange for every method they called.
     */
    private static void logSaved(Exchange exchange) {
        CanonicalMessage message = exchange.getMessage().getBody(CanonicalMessage.class);
        if (exchange.getVariable("messageId") == null) {
            SAVE_LOG.info("Duplicate {} message {}: already stored, nothing to do", message.provider().id(),
                    message.providerMessageId());
            return;
        }
        SAVE_LOG.info("Stored {} {} message {} in conversation {}", message.provider().id(), message.type().id(),
                message.providerMessageId(), exchange.getVariable("conversationId"));
        // message text only at DEBUG
        SAVE_LOG.debug("Text of {}: {}", message.providerMessageId(), message.text());
    }

    /**
     * The message came from this provider (a simple expression comparing the enum with a name would ask the
     * type converters for the conversion on every message).
     */
    private static Predicate sentBy(Provider provider) {
        return exchange -> exchange.getMessage().getBody(CanonicalMessage.class).provider() == provider;
    }

    /**
     * The conversation a message locks first (its row, its reply job): the Kommo chat, else the user's phone or
     * BSUID; what orders the messages of a shared commit.
     */
    static String lockKey(Exchange exchange) {
        CanonicalMessage message = exchange.getMessage().getBody(CanonicalMessage.class);
        String user = message.kommoChatId() != null ? message.kommoChatId()
                : message.phone() != null ? message.phone() : message.userId();
        return "conversation:" + message.provider().id() + ":" + user;
    }

    /** Variables consent (an opt-out or opt-in keyword, else null) and its confirmation. */
    private void consentOf(Exchange exchange) {
        String consent = consentKeywords.of(exchange.getMessage().getBody(CanonicalMessage.class));
        exchange.setVariable("consent", consent);
        exchange.setVariable("confirmation", consent == null ? null : consentKeywords.confirmation(consent));
    }

    private static void unpackSaved(Exchange exchange) {
        Map<?, ?> saved = exchange.getVariable("saved", Map.class);
        exchange.setVariable("messageId", saved.get("messageId"));
        exchange.setVariable("released", ((Number) saved.get("released")).intValue());
        // a consent keyword's statement stores no media
        exchange.setVariable("attached", saved.get("attached") instanceof Number attached ? attached.intValue() : 0);
    }
}
