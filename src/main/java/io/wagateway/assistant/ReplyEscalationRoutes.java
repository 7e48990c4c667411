package io.wagateway.assistant;

import static io.wagateway.assistant.ReplyVariables.CONTENT;
import static io.wagateway.assistant.ReplyVariables.DEAD_LETTER_ID;
import static io.wagateway.assistant.ReplyVariables.FENCED;
import static io.wagateway.assistant.ReplyVariables.JOB;
import static io.wagateway.assistant.ReplyVariables.LAST_ERROR;
import static io.wagateway.assistant.ReplyVariables.METADATA;
import static io.wagateway.assistant.ReplyVariables.RETRY_DELAY_MS;

import io.wagateway.operations.ReplyMetrics;
import io.wagateway.sql.InTransaction;
import io.wagateway.sql.Sql;
import io.wagateway.worker.Nudge;
import org.apache.camel.LoggingLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where a reply job ends without an AI reply: its conversation escalated to a person, with a holding message
 * ({@code escalate-conversation}), or, once it failed {@code RETRY_MAX_ATTEMPTS} times for a reason other than the
 * model, the job kept in {@code reply_dead_letters} and its conversation escalated ({@code reply-job-dead-letter}).
 * A failure before that is tried again after its backoff ({@code reply-job-failed}).
 */
@Component
public class ReplyEscalationRoutes extends ReplyRouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyEscalationRoutes.class);

    private final AssistantProperties assistant;
    private final ReplyRetrySchedule retries;
    private final ReplyMetrics replyMetrics;
    private final ReplyMetadata metadata;
    private final InTransaction transaction;

    public ReplyEscalationRoutes(AssistantProperties assistant, ReplyRetrySchedule retries, ReplyMetrics replyMetrics,
                                 ReplyMetadata metadata, InTransaction transaction) {
        this.assistant = assistant;
        this.transaction = transaction;
        this.retries = retries;
        this.replyMetrics = replyMetrics;
        this.metadata = metadata;
    }

    @Override
    void routes() {
        // a job claimed too often without an outcome (its workers died on it) is not tried once more
        from("direct:reply-job-answer").routeId("reply-job-answer")
                .choice().id("reply-job-abandoned-check")
                    .when(exchange -> retries.abandonedTooOften(job(exchange).attempts()))
                            .id("reply-job-when-abandoned")
                        .process(exchange -> exchange.setVariable(LAST_ERROR, abandoned(job(exchange))))
                            .id("reply-job-abandoned-reason")
                        .to("direct:reply-job-dead-letter").id("reply-job-abandoned-dead-letter")
                    .otherwise().id("reply-job-otherwise-answer")
                        .to("direct:generate-reply").id("reply-job-generate-reply")
                .end();

        escalation();
        failures();
    }

    private void escalation() {
        from("direct:escalate-conversation").routeId("escalate-conversation")
                .to("direct:escalate-conversation-tx").id("escalate-conversation-commit")
                .to(Nudge.SEND).id("send-nudge-after-escalation");

        from("direct:escalate-conversation-tx").routeId("escalate-conversation-tx")
                .policy(transaction).id("escalate-conversation-transaction")
                .to("direct:reply-claim-fence").id("escalation-claim-fence")
                .process(exchange -> exchange.setVariable(METADATA, metadata.ofEscalation(exchange)))
                    .id("escalation-metadata")
                .setVariable(CONTENT, constant(assistant.holdingMessage())).id("escalation-holding-message")
                .to(Sql.statement(ReplyStatements.ESCALATE)).id("conversation-escalate")
                .to(Sql.statement(ReplyStatements.INSERT_OUTGOING)).id("holding-message-insert")
                .to(Sql.statement(ReplyStatements.FINISH)).id("escalation-job-finish");

        // first step of the transaction above: the job must still be this claim's, its row locked until the commit
        from("direct:reply-claim-fence").routeId("reply-claim-fence")
                .toV(Sql.selectOne(ReplyStatements.FENCE), null, FENCED).id("reply-claim-check")
                .filter(variable(FENCED).isNull()).id("reply-claim-fence-if-lost")
                    .throwException(ReplyClaimLostException.class, CLAIM_LOST).id("reply-claim-fence-lost")
                .end();
    }

    private void failures() {
        String ofMax = " of " + retries.maxAttempts();

        // anything else went wrong with the job (bad data, SQL): later again, bounded, then dead-lettered
        from("direct:reply-job-failed").routeId("reply-job-failed")
                .setBody(variable(JOB)).id("reply-job-failed-job-as-body")
                .process(exchange -> exchange.setVariable(LAST_ERROR, ReplyJobFailure.describe(caught(exchange))))
                    .id("reply-job-failed-describe")
                .choice().id("reply-job-failed-last-attempt-check")
                    .when(exchange -> retries.lastAttempt(job(exchange).attempts()))
                            .id("reply-job-failed-when-last-attempt")
                        .process(exchange -> LOG.error("Reply job of conversation {} failed (attempt {}{})",
                                job(exchange).conversationId(), job(exchange).attempts(), ofMax, caught(exchange)))
                            .id("reply-job-failed-log-error")
                        .to("direct:reply-job-dead-letter").id("reply-job-failed-dead-letter")
                    .otherwise().id("reply-job-failed-otherwise-retry")
                        .process(exchange -> exchange.setVariable(RETRY_DELAY_MS,
                                retries.delayMs(job(exchange).attempts()))).id("reply-job-failed-retry-delay")
                        .log(LoggingLevel.WARN, "Reply job of conversation ${variable.conversationId} failed (attempt "
                                + "${variable.job.attempts}" + ofMax + "): ${variable.lastError}; trying again in "
                                + "${variable.retryDelayMs} ms").id("reply-job-failed-log-retry")
                        .to(Sql.statement(ReplyStatements.RETRY)).id("reply-job-retry-after-error")
                .end();

        from("direct:reply-job-dead-letter").routeId("reply-job-dead-letter")
                .setBody(variable(JOB)).id("reply-job-dead-letter-job-as-body")
                .to("direct:reply-job-dead-letter-tx").id("reply-job-dead-letter-commit")
                .process(replyMetrics::deadLettered).id("reply-job-dead-letter-count")
                .log(LoggingLevel.ERROR, "Reply job of conversation ${variable.conversationId} given up and kept in "
                        + "reply_dead_letters; the conversation is escalated to a person: ${variable.lastError}")
                    .id("reply-job-dead-letter-log");

        // no holding message here: storing one may be the very step that keeps failing
        from("direct:reply-job-dead-letter-tx").routeId("reply-job-dead-letter-tx")
                .policy(transaction).id("reply-job-dead-letter-transaction")
                .toV(Sql.selectOne(ReplyStatements.DEAD_LETTER), null, DEAD_LETTER_ID)
                    .id("reply-job-dead-letter-insert")
                .filter(variable(DEAD_LETTER_ID).isNull()).id("reply-job-dead-letter-if-claim-lost")
                    .throwException(ReplyClaimLostException.class, CLAIM_LOST).id("reply-job-dead-letter-claim-lost")
                .end()
                .to(Sql.statement(ReplyStatements.ESCALATE)).id("dead-letter-conversation-escalate");
    }

    private static String abandoned(ReplyJob job) {
        return AiFailure.shorten("claimed " + job.attempts() + " times without an outcome (its workers stopped)"
                + (job.previousError() == null ? "" : "; last error: " + job.previousError()));
    }
}
