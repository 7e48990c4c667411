package io.wagateway.assistant;

import io.wagateway.conversation.Sql;
import io.wagateway.conversation.SqlParameters;
import io.wagateway.config.WorkerIdentity;
import io.wagateway.operations.Correlation;
import io.wagateway.operations.GatewayMetrics;
import io.wagateway.outbound.Nudge;
import io.wagateway.outbound.RetryPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The reply pipeline, after the webhook has been answered: claim a conversation's reply job, enrich it
 * with the conversation and its history, ask the assistant, store the reply as pending outgoing
 * messages and nudge the send worker. An escalated or closed conversation gets no AI reply; a failing
 * assistant escalates it with a short holding message.
 */
@Component
public class ReplyRoutes extends RouteBuilder {

    private final AssistantProperties assistant;
    private final RetryPolicy retry;
    private final WorkerIdentity worker;
    private final GatewayMetrics metrics;
    private final SqlParameters json;

    public ReplyRoutes(AssistantProperties assistant, RetryPolicy retry, WorkerIdentity worker,
                       GatewayMetrics metrics, SqlParameters json) {
        this.assistant = assistant;
        this.retry = retry;
        this.worker = worker;
        this.metrics = metrics;
        this.json = json;
    }

    @Override
    public void configure() {
        from("timer:reply-poll?period={{gateway.worker.poll-interval-ms}}&delay=1000")
                .routeId("reply-poll").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:reply-worker");

        from("seda:reply-nudge?concurrentConsumers={{gateway.worker.concurrency}}&size=1000")
                .routeId("reply-nudge").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:reply-worker");

        // drains the due jobs, one claim at a time, so a burst spreads over the concurrent consumers
        from("direct:reply-worker").routeId("reply-worker")
                .setVariable("leaseSeconds", simple("{{gateway.worker.lease-seconds}}", Integer.class))
                .setVariable("workerId", constant(worker.id()))
                .setVariable("claimed", constant(true))
                .loopDoWhile(variable("claimed").isEqualTo(true))
                    // each job has its own correlation id (a nudge arrives with the one of its webhook)
                    .removeProperty(Correlation.KEY)
                    .toV(Sql.selectOne("reply_jobs/claim"), null, "job").id("reply-job-claim")
                    .choice()
                        .when(variable("job").isNull())
                            .setVariable("claimed", constant(false))
                        .otherwise()
                            .setBody(variable("job"))
                            .to("direct:generate-reply")
                    .end()
                .end();

        from("direct:generate-reply").routeId("generate-reply")
                // the newest user message's provider id, as logged when it was stored
                .process(Correlation.fromBody("correlationId"))
                .setVariable("conversationId", simple("${body[conversationId]}"))
                .setVariable("requestedAt", simple("${body[requestedAt]}"))
                .setVariable("aiFailed", constant(false))
                .enrich(Sql.selectOne("kommo_conversations/find-by-id"), into("conversation"))
                    .id("conversation-enrich")
                .choice()
                    .when(simple("${variable.conversation} == null || ${variable.conversation[status]} != 'active'"))
                        .log("No AI reply in conversation ${variable.conversationId}: it is ${variable.conversation[status]}")
                        .to(Sql.statement("reply_jobs/finish")).id("reply-job-skip")
                    .otherwise()
                        .setVariable("historyLimit", constant(assistant.historyMessages()))
                        .enrich(Sql.statement("kommo_messages/history"), into("history")).id("history-enrich")
                        .choice()
                            .when(method("escalationKeywords", "requested(${variable.history})"))
                                .log("Conversation ${variable.conversationId} asked for a person: escalating")
                                .to("direct:escalate-conversation")
                            .otherwise()
                                .setBody(method("assistantPrompt", "build(${variable.history})"))
                                .process(metrics::aiCallStarted)
                                .to("direct:assistant-chat")
                                .process(metrics::aiCallFinished)
                                .choice()
                                    .when(variable("aiFailed").isEqualTo(true))
                                        .to("direct:escalate-conversation")
                                    .otherwise()
                                        .log("Assistant answered conversation ${variable.conversationId}")
                                        // the reply's text only at DEBUG
                                        .log(LoggingLevel.DEBUG, "Assistant's reply in conversation "
                                                + "${variable.conversationId}: ${body}")
                                        .setVariable("replyText", body())
                                        .to("direct:store-reply")
                                .end()
                        .end()
                .end();

        from("direct:assistant-chat").routeId("assistant-chat")
                .onException(Exception.class)
                    .maximumRedeliveries(retry.maxRedeliveries())
                    .redeliveryDelay(retry.initialDelayMs())
                    .useExponentialBackOff().backOffMultiplier(retry.multiplier())
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    // continued, not handled: the caller goes on and escalates (a handled exchange stops everywhere)
                    .continued(true)
                    .setVariable("aiFailed", constant(true))
                    .log(LoggingLevel.ERROR, "Assistant failed for conversation ${variable.conversationId} "
                            + "after retries: ${exception.message}")
                .end()
                // the call stays the last step of this route, so nothing runs after a failed call
                .to("langchain4j-chat:assistant?chatOperation=CHAT_MULTIPLE_MESSAGES").id("assistant-call");

        from("direct:store-reply").routeId("store-reply")
                .to("direct:store-reply-tx")
                .to(Nudge.SEND).id("send-nudge-after-reply");

        from("direct:store-reply-tx").routeId("store-reply-tx")
                .transacted()
                .setVariable("provider", simple("${variable.conversation[provider]}"))
                .process(exchange -> exchange.setVariable("metadata", metadata(exchange, "assistant", null)))
                .split(method("messageSplitter", "split(${variable.replyText}, ${variable.provider})"))
                    .setVariable("content", body())
                    .to(Sql.statement("kommo_messages/insert-outgoing")).id("reply-insert")
                .end()
                .to(Sql.statement("reply_jobs/finish")).id("reply-job-finish");

        from("direct:escalate-conversation").routeId("escalate-conversation")
                .to("direct:escalate-conversation-tx")
                .to(Nudge.SEND).id("send-nudge-after-escalation");

        from("direct:escalate-conversation-tx").routeId("escalate-conversation-tx")
                .transacted()
                .setVariable("provider", simple("${variable.conversation[provider]}"))
                .process(exchange -> exchange.setVariable("metadata", metadata(exchange, "system", "escalation")))
                .setVariable("content", constant(assistant.holdingMessage()))
                .to(Sql.statement("kommo_conversations/escalate")).id("conversation-escalate")
                .to(Sql.statement("kommo_messages/insert-outgoing")).id("holding-message-insert")
                .to(Sql.statement("reply_jobs/finish")).id("escalation-job-finish");
    }

    /**
     * The metadata of an outgoing message of the reply pipeline: its author, why it was written, and
     * {@code inReplyTo}, the user message it answers (the send worker logs with it as correlation id).
     */
    private String metadata(Exchange exchange, String author, String reason) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("author", author);
        if (reason != null) {
            metadata.put("reason", reason);
        }
        String inReplyTo = Correlation.of(exchange);
        if (inReplyTo != null) {
            metadata.put("inReplyTo", inReplyTo);
        }
        return json.toJson(metadata);
    }

    /** Enrich strategy: the enrichment's body goes into a variable, the message stays as it was. */
    private static AggregationStrategy into(String variable) {
        return (original, resource) -> {
            original.setVariable(variable, resource == null ? null : resource.getMessage().getBody());
            return original;
        };
    }
}
