package io.wagateway.assistant;

import static io.wagateway.assistant.ReplyVariables.AI_ERROR;
import static io.wagateway.assistant.ReplyVariables.AI_FAILED;
import static io.wagateway.assistant.ReplyVariables.AI_FAILURE;
import static io.wagateway.assistant.ReplyVariables.HISTORY;
import static io.wagateway.assistant.ReplyVariables.HISTORY_LIMIT;
import static io.wagateway.assistant.ReplyVariables.JOB;
import static io.wagateway.assistant.ReplyVariables.LAST_ERROR;
import static io.wagateway.assistant.ReplyVariables.REPLY_TEXT;
import static io.wagateway.assistant.ReplyVariables.RETRY_DELAY_MS;

import io.wagateway.operations.GatewayMetrics;
import io.wagateway.operations.ReplyMetrics;
import io.wagateway.outbound.TypingIndicatorRoutes;
import io.wagateway.sql.Sql;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.springframework.stereotype.Component;

/**
 * The model call of a claimed reply job ({@link ReplyWorkerRoutes}): the conversation's history, the prompt, one
 * call to the assistant ({@link ChatModelConfiguration}: an OpenAI-compatible API or the {@link OfflineResponder}),
 * and what a failure of it means ({@link AiFailure}): the job tried again later while that may help, else the
 * conversation escalated. A reply goes to {@code store-reply}; a user asking for a person to
 * {@code escalate-conversation}.
 */
@Component
public class ReplyGenerationRoutes extends ReplyRouteBuilder {

    private final AssistantProperties assistant;
    private final EscalationKeywords escalationKeywords;
    private final AssistantPrompt prompt;
    private final ReplyRetrySchedule retries;
    private final GatewayMetrics metrics;
    private final ReplyMetrics replyMetrics;

    public ReplyGenerationRoutes(AssistantProperties assistant, EscalationKeywords escalationKeywords,
                                 AssistantPrompt prompt, ReplyRetrySchedule retries, GatewayMetrics metrics,
                                 ReplyMetrics replyMetrics) {
        this.assistant = assistant;
        this.escalationKeywords = escalationKeywords;
        this.prompt = prompt;
        this.retries = retries;
        this.metrics = metrics;
        this.replyMetrics = replyMetrics;
    }

    @Override
    void routes() {
        from("direct:generate-reply").routeId("generate-reply")
                // the claim read the conversation's provider and status (reply_jobs/claim.sql)
                .choice()
                    .when(exchange -> !job(exchange).active())
                        .log("No AI reply in conversation ${variable.conversationId}: it is ${variable.job.status}")
                        .to(Sql.statement(ReplyStatements.FINISH)).id("reply-job-skip")
                    .otherwise()
                        .setVariable(HISTORY_LIMIT, constant(assistant.historyMessages()))
                        .toV(Sql.statement(ReplyStatements.HISTORY), null, HISTORY).id("history-enrich")
                        .process(ReplyGenerationRoutes::readHistory)
                        .choice()
                            .when(exchange -> escalationKeywords.requested(history(exchange)))
                                .log("Conversation ${variable.conversationId} asked for a person: escalating")
                                .to("direct:escalate-conversation")
                            .otherwise()
                                // "typing..." on the user's screen meanwhile, on a thread of its own
                                .wireTap("direct:typing-indicator").onPrepare(ReplyGenerationRoutes::typingIndicator)
                                    .id("typing-indicator-tap")
                                .process(exchange -> exchange.getMessage().setBody(prompt.build(history(exchange))))
                                .to("direct:assistant-chat")
                                .choice()
                                    .when(variable(AI_FAILURE).isNotNull())
                                        .to("direct:assistant-failed")
                                    .otherwise()
                                        .log("Assistant answered conversation ${variable.conversationId}")
                                        // the reply's text only at DEBUG
                                        .log(LoggingLevel.DEBUG, "Assistant's reply in conversation "
                                                + "${variable.conversationId}: ${body}")
                                        .setVariable(REPLY_TEXT, body())
                                        .to("direct:store-reply")
                                .end()
                        .end()
                .end();

        // one call, no retry in the thread: a failure is kept in the variable aiFailure for assistant-failed
        from("direct:assistant-chat").routeId("assistant-chat")
                .removeVariable(AI_FAILURE)
                .process(metrics::aiCallStarted)
                .doTry()
                    .to("langchain4j-chat:assistant?chatOperation=CHAT_MULTIPLE_MESSAGES").id("assistant-call")
                .doCatch(Exception.class)
                    .process(exchange -> exchange.setVariable(AI_FAILURE, caught(exchange)))
                .end()
                .process(exchange -> exchange.setVariable(AI_FAILED, exchange.getVariable(AI_FAILURE) != null))
                .process(metrics::aiCallFinished);

        String ofMax = " of " + retries.maxAttempts();

        // the model failed: later again while it may help, else a person takes over
        from("direct:assistant-failed").routeId("assistant-failed")
                .setBody(variable(JOB))
                .process(exchange -> exchange.setVariable(LAST_ERROR, AiFailure.describe(aiFailure(exchange))))
                .choice()
                    .when(exchange -> AiFailure.retryable(aiFailure(exchange))
                            && !retries.lastAttempt(job(exchange).attempts()))
                        .process(exchange -> exchange.setVariable(RETRY_DELAY_MS,
                                retries.delayMs(aiFailure(exchange), job(exchange).attempts())))
                        .log(LoggingLevel.WARN, "Assistant failed for conversation ${variable.conversationId} (attempt "
                                + "${variable.job.attempts}" + ofMax + "): ${variable.lastError}; trying again in "
                                + "${variable.retryDelayMs} ms")
                        .to(Sql.statement(ReplyStatements.RETRY)).id("reply-job-retry-after-ai-failure")
                        .process(replyMetrics::aiRetryScheduled)
                    .otherwise()
                        .log(LoggingLevel.ERROR, "Assistant failed for conversation ${variable.conversationId} "
                                + "(attempt ${variable.job.attempts}" + ofMax + "): ${variable.lastError}; escalating "
                                + "to a person")
                        .setVariable(AI_ERROR, variable(LAST_ERROR))
                        .to("direct:escalate-conversation")
                .end();
    }

    @SuppressWarnings("unchecked")
    private static void readHistory(Exchange exchange) {
        exchange.setVariable(HISTORY, HistoryMessage.fromRows(exchange.getVariable(HISTORY, List.class)));
    }

    @SuppressWarnings("unchecked")
    private static List<HistoryMessage> history(Exchange exchange) {
        return exchange.getVariable(HISTORY, List.class);
    }

    /** The typing indicator's own variables, on its copy of the exchange. */
    private static void typingIndicator(Exchange tapped) {
        ReplyJob job = job(tapped);
        tapped.setVariable(TypingIndicatorRoutes.MESSAGE_ID, job.correlationId());
        tapped.setVariable(TypingIndicatorRoutes.PROVIDER, job.provider());
    }

    private static Throwable aiFailure(Exchange exchange) {
        return exchange.getVariable(AI_FAILURE, Throwable.class);
    }
}
