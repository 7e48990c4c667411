package io.wagateway.assistant;

import io.wagateway.worker.ReplyTiming;
import io.wagateway.worker.HeldReplyClaims;
import io.wagateway.worker.ReplyWakeUp;
import io.wagateway.worker.WorkerIdentity;
import io.wagateway.sql.Sql;
import io.wagateway.sql.SqlParameters;
import io.wagateway.operations.Correlation;
import io.wagateway.operations.GatewayMetrics;
import io.wagateway.operations.ReplyMetrics;
import io.wagateway.outbound.MessageSplitter;
import io.wagateway.worker.Nudge;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.errorhandler.SpringTransactionErrorHandlerDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The reply pipeline, after the webhook has been answered: claim a conversation's reply job once it is due
 * (the end of a burst, a retry's backoff), enrich it with the conversation and its history, ask the
 * assistant, store the reply as pending outgoing messages and nudge the send worker. An escalated or
 * closed conversation gets no AI reply.
 *
 * <p>A claim is a lease the instance renews while it works ({@code reply-lease-renewal}) and a claim token
 * the transactions that store a reply check first (fencing), so a job is answered by one worker at a time
 * and a worker that lost its claim stores nothing. A failed model call (timeout, 429, 5xx) releases the
 * job until its backoff (or the API's {@code Retry-After}) is over; after {@code RETRY_MAX_ATTEMPTS}
 * attempts, or at once when the model refused the request, the conversation is escalated with a holding
 * message carrying the reason. Any other failure is retried the same way, then the job is dead-lettered
 * ({@code reply_dead_letters}) and its conversation escalated.
 */
@Component
public class ReplyRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyRoutes.class);

    private final AssistantProperties assistant;
    private final ReplyTiming timing;
    private final ReplyRetrySchedule retries;
    private final HeldReplyClaims claims;
    private final ReplyWakeUp wakeUp;
    private final WorkerIdentity worker;
    private final GatewayMetrics metrics;
    private final ReplyMetrics replyMetrics;
    private final SqlParameters json;
    private final EscalationKeywords escalationKeywords;
    private final AssistantPrompt prompt;
    private final MessageSplitter splitter;

    public ReplyRoutes(AssistantProperties assistant, ReplyTiming timing, ReplyRetrySchedule retries,
                       HeldReplyClaims claims, ReplyWakeUp wakeUp, WorkerIdentity worker, GatewayMetrics metrics,
                       ReplyMetrics replyMetrics, SqlParameters json, EscalationKeywords escalationKeywords,
                       AssistantPrompt prompt, MessageSplitter splitter) {
        this.assistant = assistant;
        this.timing = timing;
        this.retries = retries;
        this.claims = claims;
        this.wakeUp = wakeUp;
        this.worker = worker;
        this.metrics = metrics;
        this.replyMetrics = replyMetrics;
        this.json = json;
        this.escalationKeywords = escalationKeywords;
        this.prompt = prompt;
        this.splitter = splitter;
    }

    @Override
    public void configure() {
        // every failure is dealt with where it happens (doTry in reply-job), so that none is only logged
        errorHandler(noErrorHandler());
        workers();
        job();
        reply();
        failures();
    }

    private void workers() {
        from("timer:reply-poll?period={{gateway.worker.poll-interval-ms}}&delay=1000")
                .routeId("reply-poll").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:reply-worker");

        from("seda:reply-nudge?concurrentConsumers={{gateway.worker.concurrency}}&size=" + Nudge.QUEUE_SIZE)
                .routeId("reply-nudge").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:reply-worker");

        from("timer:reply-lease-renewal?period=" + timing.leaseRenewalPeriodMs())
                .routeId("reply-lease-renewal").autoStartup("{{gateway.worker.enabled}}")
                .setVariable("claimTokens", method(claims, "tokens"))
                .filter(exchange -> !exchange.getVariable("claimTokens", List.class).isEmpty())
                    .setVariable("leaseSeconds", constant(timing.leaseSeconds()))
                    .setVariable("workerId", constant(worker.id()))
                    .to(Sql.statement("reply_jobs/renew")).id("reply-lease-renew")
                .end();

        // drains the due jobs, one claim at a time; a claim that saw more due brings in another consumer (Nudge)
        from("direct:reply-worker").routeId("reply-worker")
                .setVariable("leaseSeconds", constant(timing.leaseSeconds()))
                .setVariable("workerId", constant(worker.id()))
                .setVariable("claimed", constant(true))
                .loopDoWhile(variable("claimed").isEqualTo(true))
                    // each job has its own correlation id (a nudge arrives with the one of its webhook)
                    .removeProperty(Correlation.KEY)
                    .setBody(constant(null))
                    .toV(Sql.selectOne("reply_jobs/claim"), null, "job").id("reply-job-claim")
                    .choice()
                        .when(variable("job").isNull())
                            .setVariable("claimed", constant(false))
                        .otherwise()
                            // claims again only if another job was due as well; else next-due says when one is
                            .setVariable("claimed", simple("${variable.job[moreDue]}", Boolean.class))
                            .filter(variable("claimed").isEqualTo(true))
                                // another worker looks for the next due job meanwhile
                                .to(Nudge.REPLY).id("reply-nudge-next-worker")
                            .end()
                            .to("direct:reply-job")
                    .end()
                .end()
                // nothing due now: wake up when the next job nobody holds is (a debounce's end, a backoff)
                .setBody(constant(null))
                .toV(Sql.selectOne("reply_jobs/next-due"), null, "nextDueInMs").id("reply-job-next-due")
                .process(exchange -> wakeUp.in(exchange.getVariable("nextDueInMs", Long.class)));
    }

    private void job() {
        // one claimed job; the body stays the claimed row (its keys name the same values as the variables)
        from("direct:reply-job").routeId("reply-job")
                .process(Correlation.fromVariable("job", "correlationId"))
                .setVariable("conversationId", simple("${variable.job[conversationId]}"))
                .setVariable("requestedAt", simple("${variable.job[requestedAt]}"))
                .setVariable(HeldReplyClaims.TOKEN, simple("${variable.job[claimToken]}"))
                .setVariable("attempts", simple("${variable.job[attempts]}", Integer.class))
                .removeVariable("lastError")
                .removeVariable("aiError")
                .setBody(variable("job"))
                .process(claims::hold)
                .doTry()
                    .to("direct:reply-job-answer")
                .doCatch(ReplyClaimLostException.class)
                    .process(replyMetrics::claimLost)
                    .log(LoggingLevel.WARN, "Reply job of conversation ${variable.conversationId}: its lease ran out "
                            + "and another worker claimed it meanwhile; this worker stored nothing")
                .doCatch(Exception.class)
                    .to("direct:reply-job-failed")
                .doFinally()
                    .process(claims::release)
                .end();

        from("direct:reply-job-answer").routeId("reply-job-answer")
                .choice()
                    .when(exchange -> retries.abandonedTooOften(attempts(exchange)))
                        .process(exchange -> exchange.setVariable("lastError", abandoned(exchange)))
                        .to("direct:reply-job-dead-letter")
                    .otherwise()
                        .to("direct:generate-reply")
                .end();
    }

    private void reply() {
        from("direct:generate-reply").routeId("generate-reply")
                // the claim read the conversation's provider and status (reply_jobs/claim.sql)
                .choice()
                    .when(exchange -> !"active".equals(exchange.getVariable("job", Map.class).get("status")))
                        .log("No AI reply in conversation ${variable.conversationId}: it is ${variable.job[status]}")
                        .to(Sql.statement("reply_jobs/finish")).id("reply-job-skip")
                    .otherwise()
                        .setVariable("historyLimit", constant(assistant.historyMessages()))
                        .toV(Sql.statement("kommo_messages/history"), null, "history").id("history-enrich")
                        .choice()
                            .when(exchange -> escalationKeywords.requested(history(exchange)))
                                .log("Conversation ${variable.conversationId} asked for a person: escalating")
                                .to("direct:escalate-conversation")
                            .otherwise()
                                // "typing..." on the user's screen meanwhile, on a thread of its own
                                .wireTap("direct:typing-indicator").id("typing-indicator-tap")
                                .process(exchange -> exchange.getMessage().setBody(prompt.build(history(exchange))))
                                .to("direct:assistant-chat")
                                .choice()
                                    .when(variable("aiFailure").isNotNull())
                                        .to("direct:assistant-failed")
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

        // one call, no retry in the thread: a failure is kept in the variable aiFailure for assistant-failed
        from("direct:assistant-chat").routeId("assistant-chat")
                .removeVariable("aiFailure")
                .process(metrics::aiCallStarted)
                .doTry()
                    .to("langchain4j-chat:assistant?chatOperation=CHAT_MULTIPLE_MESSAGES").id("assistant-call")
                .doCatch(Exception.class)
                    .process(exchange -> exchange.setVariable("aiFailure", caught(exchange)))
                .end()
                .process(exchange -> exchange.setVariable("aiFailed", exchange.getVariable("aiFailure") != null))
                .process(metrics::aiCallFinished);

        // one statement: fenced, the parts inserted, the job finished (kommo_messages/store-reply.sql)
        from("direct:store-reply").routeId("store-reply")
                .setVariable("provider", simple("${variable.job[provider]}"))
                .process(exchange -> exchange.setVariable("metadata", metadata(exchange, "assistant", null)))
                .process(this::replyParts)
                .toV(Sql.selectOne("kommo_messages/store-reply"), null, "storedParts").id("reply-store")
                .filter(variable("storedParts").isNull())
                    .throwException(ReplyClaimLostException.class,
                            "The reply job of conversation ${variable.conversationId} is no longer this worker's")
                .end()
                .to(Nudge.SEND).id("send-nudge-after-reply");

        from("direct:escalate-conversation").routeId("escalate-conversation")
                .to("direct:escalate-conversation-tx")
                .to(Nudge.SEND).id("send-nudge-after-escalation");

        from("direct:escalate-conversation-tx").routeId("escalate-conversation-tx")
                .errorHandler(quietTransaction())
                .transacted()
                .to("direct:reply-claim-fence")
                .setVariable("provider", simple("${variable.job[provider]}"))
                .process(exchange -> exchange.setVariable("metadata", metadata(exchange, "system", "escalation")))
                .setVariable("content", constant(assistant.holdingMessage()))
                .to(Sql.statement("kommo_conversations/escalate")).id("conversation-escalate")
                .to(Sql.statement("kommo_messages/insert-outgoing")).id("holding-message-insert")
                .to(Sql.statement("reply_jobs/finish")).id("escalation-job-finish");

        // first step of the transactions above: the job must still be this claim's, its row locked until the commit
        from("direct:reply-claim-fence").routeId("reply-claim-fence")
                .toV(Sql.selectOne("reply_jobs/fence"), null, "fenced").id("reply-claim-check")
                .filter(variable("fenced").isNull())
                    .throwException(ReplyClaimLostException.class,
                            "The reply job of conversation ${variable.conversationId} is no longer this worker's")
                .end();
    }

    private void failures() {
        String ofMax = " of " + retries.maxAttempts();

        // the model failed: later again while it may help, else a person takes over
        from("direct:assistant-failed").routeId("assistant-failed")
                .setBody(variable("job"))
                .process(exchange -> exchange.setVariable("lastError", AiFailure.describe(aiFailure(exchange))))
                .choice()
                    .when(exchange -> AiFailure.retryable(aiFailure(exchange))
                            && !retries.lastAttempt(attempts(exchange)))
                        .process(exchange -> exchange.setVariable("retryDelayMs",
                                retries.delayMs(aiFailure(exchange), attempts(exchange))))
                        .log(LoggingLevel.WARN, "Assistant failed for conversation ${variable.conversationId} (attempt "
                                + "${variable.attempts}" + ofMax + "): ${variable.lastError}; trying again in "
                                + "${variable.retryDelayMs} ms")
                        .to(Sql.statement("reply_jobs/retry")).id("reply-job-retry-after-ai-failure")
                        .process(replyMetrics::aiRetryScheduled)
                    .otherwise()
                        .log(LoggingLevel.ERROR, "Assistant failed for conversation ${variable.conversationId} (attempt "
                                + "${variable.attempts}" + ofMax + "): ${variable.lastError}; escalating to a person")
                        .setVariable("aiError", variable("lastError"))
                        .to("direct:escalate-conversation")
                .end();

        // anything else went wrong with the job (bad data, SQL): later again, bounded, then dead-lettered
        from("direct:reply-job-failed").routeId("reply-job-failed")
                .setBody(variable("job"))
                .process(exchange -> exchange.setVariable("lastError", ReplyJobFailure.describe(caught(exchange))))
                .choice()
                    .when(exchange -> retries.lastAttempt(attempts(exchange)))
                        .process(exchange -> LOG.error("Reply job of conversation {} failed (attempt {}{})",
                                exchange.getVariable("conversationId"), attempts(exchange), ofMax, caught(exchange)))
                        .to("direct:reply-job-dead-letter")
                    .otherwise()
                        .process(exchange -> exchange.setVariable("retryDelayMs", retries.delayMs(attempts(exchange))))
                        .log(LoggingLevel.WARN, "Reply job of conversation ${variable.conversationId} failed (attempt "
                                + "${variable.attempts}" + ofMax + "): ${variable.lastError}; trying again in "
                                + "${variable.retryDelayMs} ms")
                        .to(Sql.statement("reply_jobs/retry")).id("reply-job-retry-after-error")
                .end();

        from("direct:reply-job-dead-letter").routeId("reply-job-dead-letter")
                .setBody(variable("job"))
                .to("direct:reply-job-dead-letter-tx")
                .process(replyMetrics::deadLettered)
                .log(LoggingLevel.ERROR, "Reply job of conversation ${variable.conversationId} given up and kept in "
                        + "reply_dead_letters; the conversation is escalated to a person: ${variable.lastError}");

        // no holding message here: storing one may be the very step that keeps failing
        from("direct:reply-job-dead-letter-tx").routeId("reply-job-dead-letter-tx")
                .errorHandler(quietTransaction())
                .transacted()
                .toV(Sql.selectOne("reply_jobs/dead-letter"), null, "deadLetterId").id("reply-job-dead-letter-insert")
                .filter(variable("deadLetterId").isNull())
                    .throwException(ReplyClaimLostException.class,
                            "The reply job of conversation ${variable.conversationId} is no longer this worker's")
                .end()
                .to(Sql.statement("kommo_conversations/escalate")).id("dead-letter-conversation-escalate");
    }

    /**
     * The transactions of this pipeline roll back on any failure and hand it to reply-job, which logs it with
     * what happens next (and its stack trace once the job is given up): Camel logs only one line about it.
     */
    private static SpringTransactionErrorHandlerDefinition quietTransaction() {
        SpringTransactionErrorHandlerDefinition errorHandler = new SpringTransactionErrorHandlerDefinition();
        errorHandler.logStackTrace(false);
        errorHandler.rollbackLoggingLevel(LoggingLevel.DEBUG);
        return errorHandler;
    }

    private static String abandoned(Exchange exchange) {
        Object previous = exchange.getVariable("job", Map.class).get("previousError");
        return AiFailure.shorten("claimed " + attempts(exchange) + " times without an outcome (its workers stopped)"
                + (previous == null ? "" : "; last error: " + previous));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> history(Exchange exchange) {
        return exchange.getVariable("history", List.class);
    }

    /** The reply cut to the provider's length limit, as the JSON array store-reply.sql inserts in order. */
    private void replyParts(Exchange exchange) {
        String provider = exchange.getVariable("provider", String.class);
        List<String> parts = splitter.split(exchange.getVariable("replyText", String.class), provider);
        exchange.setVariable("parts", json.toJson(parts));
    }

    private static int attempts(Exchange exchange) {
        Integer attempts = exchange.getVariable("attempts", Integer.class);
        return attempts == null ? 0 : attempts;
    }

    private static Throwable aiFailure(Exchange exchange) {
        return exchange.getVariable("aiFailure", Throwable.class);
    }

    private static Throwable caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /**
     * The metadata of an outgoing message of the reply pipeline: its author, why it was written,
     * {@code inReplyTo}, the user message it answers (the send worker logs with it as correlation id), and
     * for a holding message after the model failed, {@code aiError}: why.
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
        String aiError = exchange.getVariable("aiError", String.class);
        if (aiError != null) {
            metadata.put("aiError", aiError);
        }
        return json.toJson(metadata);
    }
}
