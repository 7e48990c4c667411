package io.wagateway.assistant;

import static io.wagateway.assistant.ReplyVariables.AI_ERROR;
import static io.wagateway.assistant.ReplyVariables.CLAIM_AGAIN;
import static io.wagateway.assistant.ReplyVariables.CLAIM_TOKEN;
import static io.wagateway.assistant.ReplyVariables.CLAIM_TOKENS;
import static io.wagateway.assistant.ReplyVariables.CONVERSATION_ID;
import static io.wagateway.assistant.ReplyVariables.JOB;
import static io.wagateway.assistant.ReplyVariables.LAST_ERROR;
import static io.wagateway.assistant.ReplyVariables.LEASE_SECONDS;
import static io.wagateway.assistant.ReplyVariables.NEXT_DUE_IN_MS;
import static io.wagateway.assistant.ReplyVariables.PROVIDER;
import static io.wagateway.assistant.ReplyVariables.REQUESTED_AT;
import static io.wagateway.assistant.ReplyVariables.WORKER_ID;

import io.wagateway.operations.Correlation;
import io.wagateway.operations.ReplyMetrics;
import io.wagateway.sql.Sql;
import io.wagateway.worker.HeldReplyClaims;
import io.wagateway.worker.Nudge;
import io.wagateway.worker.ReplyTiming;
import io.wagateway.worker.ReplyWakeUp;
import io.wagateway.worker.WorkerIdentity;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.springframework.stereotype.Component;

/**
 * The reply pipeline, after the webhook has been answered: claim a conversation's reply job once it is due
 * (the end of a burst, a retry's backoff), enrich it with the conversation and its history, ask the
 * assistant ({@link ReplyGenerationRoutes}), store the reply as pending outgoing messages and nudge the send
 * worker ({@link ReplyStoreRoutes}). An escalated or closed conversation gets no AI reply.
 *
 * <p>This class claims the jobs and renews their leases. A claim is a lease the instance renews while it works
 * ({@code reply-lease-renewal}) and a claim token the transactions that store a reply check first (fencing), so a
 * job is answered by one worker at a time and a worker that lost its claim stores nothing. A failed model call
 * (timeout, 429, 5xx) releases the job until its backoff (or the API's {@code Retry-After}) is over; after
 * {@code RETRY_MAX_ATTEMPTS} attempts, or at once when the model refused the request, the conversation is escalated
 * with a holding message carrying the reason. Any other failure is retried the same way, then the job is
 * dead-lettered ({@code reply_dead_letters}) and its conversation escalated ({@link ReplyEscalationRoutes}).
 */
@Component
public class ReplyWorkerRoutes extends ReplyRouteBuilder {

    private final ReplyTiming timing;
    private final HeldReplyClaims claims;
    private final ReplyWakeUp wakeUp;
    private final WorkerIdentity worker;
    private final ReplyMetrics replyMetrics;

    public ReplyWorkerRoutes(ReplyTiming timing, HeldReplyClaims claims, ReplyWakeUp wakeUp, WorkerIdentity worker,
                             ReplyMetrics replyMetrics) {
        this.timing = timing;
        this.claims = claims;
        this.wakeUp = wakeUp;
        this.worker = worker;
        this.replyMetrics = replyMetrics;
    }

    @Override
    void routes() {
        from("timer:reply-poll?period={{gateway.worker.poll-interval-ms}}&delay=1000")
                .routeId("reply-poll").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:reply-worker").id("reply-poll-worker");

        from("seda:reply-nudge?concurrentConsumers={{gateway.worker.concurrency}}&size=" + Nudge.QUEUE_SIZE)
                .routeId("reply-nudge").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:reply-worker").id("reply-nudge-worker");

        from("timer:reply-lease-renewal?period=" + timing.leaseRenewalPeriodMs())
                .routeId("reply-lease-renewal").autoStartup("{{gateway.worker.enabled}}")
                .setVariable(CLAIM_TOKENS, method(claims, "tokens")).id("reply-lease-renewal-held")
                .filter(exchange -> !exchange.getVariable(CLAIM_TOKENS, List.class).isEmpty())
                        .id("reply-lease-renewal-if-held")
                    .setVariable(LEASE_SECONDS, constant(timing.leaseSeconds())).id("reply-lease-renewal-lease-seconds")
                    .setVariable(WORKER_ID, constant(worker.id())).id("reply-lease-renewal-worker-id")
                    .to(Sql.statement(ReplyStatements.RENEW)).id("reply-lease-renew")
                .end();

        // drains the due jobs, one claim at a time; a claim that saw more due brings in another consumer (Nudge)
        from("direct:reply-worker").routeId("reply-worker")
                .setVariable(LEASE_SECONDS, constant(timing.leaseSeconds())).id("reply-worker-lease-seconds")
                .setVariable(WORKER_ID, constant(worker.id())).id("reply-worker-id")
                .setVariable(CLAIM_AGAIN, constant(true)).id("reply-worker-claim-first")
                .loopDoWhile(variable(CLAIM_AGAIN).isEqualTo(true)).id("reply-worker-claim-loop")
                    // each job has its own correlation id (a nudge arrives with the one of its webhook)
                    .removeProperty(Correlation.KEY).id("reply-worker-correlation-reset")
                    .setBody(constant(null)).id("reply-worker-claim-body-reset")
                    .toV(Sql.selectOne(ReplyStatements.CLAIM), null, JOB).id("reply-job-claim")
                    .process(ReplyWorkerRoutes::readClaim).id("reply-worker-claim-read")
                    .filter(variable(JOB).isNotNull()).id("reply-worker-if-claimed")
                        .filter(variable(CLAIM_AGAIN).isEqualTo(true)).id("reply-worker-if-more-due")
                            // another worker looks for the next due job meanwhile
                            .to(Nudge.REPLY).id("reply-nudge-next-worker")
                        .end()
                        .to("direct:reply-job").id("reply-worker-job")
                    .end()
                .end()
                // nothing due now: wake up when the next job nobody holds is (a debounce's end, a backoff)
                .setBody(constant(null)).id("reply-worker-next-due-body-reset")
                .toV(Sql.selectOne(ReplyStatements.NEXT_DUE), null, NEXT_DUE_IN_MS).id("reply-job-next-due")
                .process(exchange -> wakeUp.in(exchange.getVariable(NEXT_DUE_IN_MS, Long.class)))
                    .id("reply-worker-wake-up-when-due");

        // one claimed job; its statements bind the variables startJob sets
        from("direct:reply-job").routeId("reply-job")
                .process(ReplyWorkerRoutes::startJob).id("reply-job-start")
                .setBody(variable(JOB)).id("reply-job-job-as-body")
                .process(claims::hold).id("reply-job-claim-hold")
                .doTry().id("reply-job-try")
                    .to("direct:reply-job-answer").id("reply-job-to-answer")
                .doCatch(ReplyClaimLostException.class).id("reply-job-catch-claim-lost")
                    .process(replyMetrics::claimLost).id("reply-job-count-claim-lost")
                    .log(LoggingLevel.WARN, "Reply job of conversation ${variable.conversationId}: its lease ran out "
                            + "and another worker claimed it meanwhile; this worker stored nothing")
                        .id("reply-job-log-claim-lost")
                .doCatch(Exception.class).id("reply-job-catch-failure")
                    .to("direct:reply-job-failed").id("reply-job-to-failed")
                .doFinally().id("reply-job-finally")
                    .process(claims::release).id("reply-job-claim-release")
                .end();
    }

    /**
     * The claimed row becomes a {@link ReplyJob}; the worker claims again only if another job was due as well,
     * else next-due says when one is.
     */
    private static void readClaim(Exchange exchange) {
        ReplyJob job = ReplyJob.from(exchange.getVariable(JOB, Map.class));
        exchange.setVariable(JOB, job);
        exchange.setVariable(CLAIM_AGAIN, job != null && job.moreDue());
    }

    /** The job's correlation id, the variables its statements bind, nothing left of the job before it. */
    private static void startJob(Exchange exchange) {
        ReplyJob job = job(exchange);
        Correlation.set(exchange, job.correlationId());
        exchange.setVariable(CONVERSATION_ID, job.conversationId());
        exchange.setVariable(REQUESTED_AT, job.requestedAt());
        exchange.setVariable(CLAIM_TOKEN, job.claimToken());
        exchange.setVariable(PROVIDER, job.provider());
        exchange.removeVariable(LAST_ERROR);
        exchange.removeVariable(AI_ERROR);
    }
}
