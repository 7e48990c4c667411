package io.wagateway.assistant;

import static io.wagateway.assistant.ReplyVariables.AI_ERROR;
import static io.wagateway.assistant.ReplyVariables.AI_FAILED;
import static io.wagateway.assistant.ReplyVariables.AI_FAILURE;
import static io.wagateway.assistant.ReplyVariables.HISTORY;
import static io.wagateway.assistant.ReplyVariables.HISTORY_LIMIT;
import static io.wagateway.assistant.ReplyVariables.JOB;
import static io.wagateway.assistant.ReplyVariables.LAST_ERROR;
import static io.wagateway.assistant.ReplyVariables.MEDIA_WAIT_MS;
import static io.wagateway.assistant.ReplyVariables.REPLY_POSTPONED;
import static io.wagateway.assistant.ReplyVariables.REPLY_TEXT;
import static io.wagateway.assistant.ReplyVariables.RETRY_DELAY_MS;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.operations.GatewayMetrics;
import io.wagateway.operations.ReplyMetrics;
import io.wagateway.outbound.TypingIndicatorRoutes;
import io.wagateway.sql.Sql;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.springframework.stereotype.Component;

/**
 * The model call of a claimed reply job ({@link ReplyWorkerRoutes}): the conversation's history (once its media are
 * ready, {@link ReplyMediaRoutes}), the prompt, one
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
    private final ReplyMediaWait mediaWait;
    private final ReplyImages images;
    private final ObjectMapper json;

    public ReplyGenerationRoutes(AssistantProperties assistant, EscalationKeywords escalationKeywords,
                                 AssistantPrompt prompt, ReplyRetrySchedule retries, GatewayMetrics metrics,
                                 ReplyMetrics replyMetrics, ReplyMediaWait mediaWait, ReplyImages images,
                                 ObjectMapper json) {
        this.mediaWait = mediaWait;
        this.images = images;
        this.json = json;
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
                .choice().id("generate-reply-active-check")
                    .when(exchange -> !job(exchange).active()).id("generate-reply-when-inactive")
                        .log("No AI reply in conversation ${variable.conversationId}: it is ${variable.job.status}")
                            .id("generate-reply-log-inactive")
                        .to(Sql.statement(ReplyStatements.FINISH)).id("reply-job-skip")
                    .otherwise().id("generate-reply-otherwise-active")
                        .to("direct:reply-history").id("generate-reply-history")
                        // waits for media still downloading, transcribes voice notes (ReplyMediaRoutes)
                        .to("direct:reply-media").id("generate-reply-media")
                        .choice().id("generate-reply-person-requested-check")
                            .when(variable(REPLY_POSTPONED).isEqualTo(true)).id("generate-reply-when-postponed")
                                .log(LoggingLevel.DEBUG, "Reply in conversation ${variable.conversationId} put off "
                                        + "until its media are ready").id("generate-reply-log-postponed")
                            .when(exchange -> escalationKeywords.requested(history(exchange)))
                                    .id("generate-reply-when-person-requested")
                                .log("Conversation ${variable.conversationId} asked for a person: escalating")
                                    .id("generate-reply-log-person-requested")
                                .to("direct:escalate-conversation").id("generate-reply-escalate")
                            .otherwise().id("generate-reply-otherwise-ask-assistant")
                                // "typing..." on the user's screen meanwhile, on a thread of its own
                                .wireTap("direct:typing-indicator").onPrepare(ReplyGenerationRoutes::typingIndicator)
                                    .id("typing-indicator-tap")
                                .process(this::prompt).id("generate-reply-prompt")
                                .to("direct:assistant-chat").id("generate-reply-assistant-chat")
                                .choice().id("generate-reply-ai-failure-check")
                                    .when(variable(AI_FAILURE).isNotNull()).id("generate-reply-when-ai-failed")
                                        .to("direct:assistant-failed").id("generate-reply-assistant-failed")
                                    .otherwise().id("generate-reply-otherwise-answered")
                                        .log("Assistant answered conversation ${variable.conversationId}")
                                            .id("generate-reply-log-answered")
                                        // the reply's text only at DEBUG
                                        .log(LoggingLevel.DEBUG, "Assistant's reply in conversation "
                                                + "${variable.conversationId}: ${body}").id("generate-reply-log-text")
                                        .setVariable(REPLY_TEXT, body()).id("generate-reply-text")
                                        .to("direct:store-reply").id("generate-reply-store")
                                .end()
                        .end()
                .end();

        // the conversation's last messages, with their media (kommo_messages/history.sql)
        from("direct:reply-history").routeId("reply-history")
                .setVariable(HISTORY_LIMIT, constant(assistant.historyMessages())).id("reply-history-limit")
                .setVariable(MEDIA_WAIT_MS, constant(mediaWait.waitMs())).id("reply-history-media-wait")
                .toV(Sql.statement(ReplyStatements.HISTORY), null, HISTORY).id("history-enrich")
                .process(this::readHistory).id("reply-history-read");

        // one call, no retry in the thread: a failure is kept in the variable aiFailure for assistant-failed
        from("direct:assistant-chat").routeId("assistant-chat")
                .removeVariable(AI_FAILURE).id("assistant-chat-failure-reset")
                .process(metrics::aiCallStarted).id("assistant-chat-count-start")
                .doTry().id("assistant-chat-try")
                    .to("langchain4j-chat:assistant?chatOperation=CHAT_MULTIPLE_MESSAGES").id("assistant-call")
                .doCatch(Exception.class).id("assistant-chat-catch-failure")
                    .process(exchange -> exchange.setVariable(AI_FAILURE, caught(exchange)))
                        .id("assistant-chat-failure-keep")
                .end()
                .process(exchange -> exchange.setVariable(AI_FAILED, exchange.getVariable(AI_FAILURE) != null))
                    .id("assistant-chat-failed-flag")
                .process(metrics::aiCallFinished).id("assistant-chat-count-finish");

        String ofMax = " of " + retries.maxAttempts();

        // the model failed: later again while it may help, else a person takes over
        from("direct:assistant-failed").routeId("assistant-failed")
                .setBody(variable(JOB)).id("assistant-failed-job-as-body")
                .process(exchange -> exchange.setVariable(LAST_ERROR, AiFailure.describe(aiFailure(exchange))))
                    .id("assistant-failed-describe")
                .choice().id("assistant-failed-retry-check")
                    .when(exchange -> AiFailure.retryable(aiFailure(exchange))
                            && !retries.lastAttempt(job(exchange).attempts())).id("assistant-failed-when-retryable")
                        .process(exchange -> exchange.setVariable(RETRY_DELAY_MS,
                                retries.delayMs(aiFailure(exchange), job(exchange).attempts())))
                            .id("assistant-failed-retry-delay")
                        .log(LoggingLevel.WARN, "Assistant failed for conversation ${variable.conversationId} (attempt "
                                + "${variable.job.attempts}" + ofMax + "): ${variable.lastError}; trying again in "
                                + "${variable.retryDelayMs} ms").id("assistant-failed-log-retry")
                        .to(Sql.statement(ReplyStatements.RETRY)).id("reply-job-retry-after-ai-failure")
                        .process(replyMetrics::aiRetryScheduled).id("assistant-failed-count-retry")
                    .otherwise().id("assistant-failed-otherwise-escalate")
                        .log(LoggingLevel.ERROR, "Assistant failed for conversation ${variable.conversationId} "
                                + "(attempt ${variable.job.attempts}" + ofMax + "): ${variable.lastError}; escalating "
                                + "to a person").id("assistant-failed-log-escalation")
                        .setVariable(AI_ERROR, variable(LAST_ERROR)).id("assistant-failed-ai-error")
                        .to("direct:escalate-conversation").id("assistant-failed-escalate")
                .end();
    }

    @SuppressWarnings("unchecked")
    private void readHistory(Exchange exchange) {
        exchange.setVariable(HISTORY, HistoryMessage.fromRows(exchange.getVariable(HISTORY, List.class), json));
    }

    /** The chat for the model; with AI_VISION the images of the messages answered go as image content. */
    private void prompt(Exchange exchange) {
        exchange.getMessage().setBody(assistant.vision()
                ? prompt.build(history(exchange), images::load)
                : prompt.build(history(exchange)));
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
