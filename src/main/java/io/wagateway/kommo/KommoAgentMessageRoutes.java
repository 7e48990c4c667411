package io.wagateway.kommo;

import io.wagateway.operations.Correlation;
import io.wagateway.sql.InTransaction;
import io.wagateway.sql.Sql;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:conversation-save-agent}: a message a person of the team wrote in Kommo (the canonical
 * message of a {@code type=outgoing} webhook) in, committed out. In one transaction: find-or-create the
 * chat's conversation, store the message as the human agent's ({@code role = 'assistant'},
 * {@code metadata.author = 'agent'}, {@code delivery_status = 'sent'}: Kommo already delivered it) and
 * escalate the conversation, so the AI stops talking over the person. No reply job is requested.
 * Idempotent on Kommo's message id: a redelivery, or the echo of one of the gateway's own replies (whose
 * Kommo msgid is stored as {@code provider_message_id}), inserts nothing and escalates nothing.
 */
@Component
public class KommoAgentMessageRoutes extends RouteBuilder {

    private final InTransaction transaction;

    public KommoAgentMessageRoutes(InTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public void configure() {
        // failures travel back to the webhook route, whose error policy answers 503
        from("direct:conversation-save-agent").routeId("conversation-save-agent")
                .errorHandler(noErrorHandler())
                .process(Correlation::fromMessage).id("agent-message-correlation")
                // HTTP headers must not fill SQL parameters (see conversation-save)
                .removeHeaders("*").id("agent-message-headers-drop")
                .to("direct:conversation-save-agent-tx").id("agent-message-commit");

        from("direct:conversation-save-agent-tx").routeId("conversation-save-agent-tx")
                .errorHandler(noErrorHandler())
                .policy(transaction).id("agent-message-transaction")
                .toV(Sql.selectOne("kommo_conversations/find-or-create-kommo"), null, "conversationId")
                    .id("agent-conversation-find-or-create")
                .toV(Sql.selectOne("kommo_messages/insert-agent"), null, "messageId").id("agent-message-insert")
                .choice().id("agent-message-stored-check")
                    .when(variable("messageId").isNull()).id("agent-message-when-duplicate")
                        .log("Kommo message ${body.providerMessageId} already stored (a redelivery or the echo of "
                                + "our own reply): ignored").id("agent-message-log-duplicate")
                    .otherwise().id("agent-message-otherwise-escalate")
                        .to(Sql.statement("kommo_conversations/escalate-for-agent")).id("agent-conversation-escalate")
                        .log("Stored the agent's message ${body.providerMessageId} in conversation "
                                + "${variable.conversationId}: the conversation is escalated, the AI stays silent")
                            .id("agent-message-log-escalated")
                .end();
    }
}
