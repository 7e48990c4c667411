package io.wagateway.outbound;

import static io.wagateway.outbound.SendVariables.CLAIM_AGAIN;
import static io.wagateway.outbound.SendVariables.DELIVERY;
import static io.wagateway.outbound.SendVariables.INVITATION_METADATA;
import static io.wagateway.outbound.SendVariables.LEASE_SECONDS;
import static io.wagateway.outbound.SendVariables.MAX_AGE_HOURS;
import static io.wagateway.outbound.SendVariables.MESSAGE_ID;
import static io.wagateway.outbound.SendVariables.MESSAGE_IDS;
import static io.wagateway.outbound.SendVariables.OUTGOING;
import static io.wagateway.outbound.SendVariables.PROVIDER;
import static io.wagateway.outbound.SendVariables.RECORDED;
import static io.wagateway.outbound.SendVariables.REENGAGE;
import static io.wagateway.outbound.SendVariables.RETRIED;
import static io.wagateway.outbound.SendVariables.SCHEDULED;
import static io.wagateway.outbound.SendVariables.SEND_AS;
import static io.wagateway.outbound.SendVariables.TEMPLATE_TEXT;
import static io.wagateway.outbound.SendVariables.WORKER_ID;

import io.wagateway.canonical.Provider;
import io.wagateway.operations.Correlation;
import io.wagateway.sql.Sql;
import io.wagateway.sql.SqlParameters;
import io.wagateway.worker.Nudge;
import io.wagateway.worker.SendLeases;
import io.wagateway.worker.WorkerIdentity;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The send path every outgoing message takes: a worker claims the oldest pending message (one
 * conversation at a time, in order) with a lease committed before the call, a content-based router on the
 * provider picks the sender, and what the provider answered is recorded on the message row. A failure
 * worth another try is rescheduled on the row ({@link SendRetry}); a claim whose lease runs out without an
 * outcome is an interrupted send, failed and never resent on its own ({@code send-interrupted}).
 */
@Component
public class SendRoutes extends RouteBuilder {

    private final SendMetrics metrics;
    private final WorkerIdentity worker;
    private final SendLeases leases;
    private final SendRetry retry;
    private final OutboundWindow window;
    private final SqlParameters json;
    private final int leaseSeconds;

    public SendRoutes(SendMetrics metrics, WorkerIdentity worker, SendLeases leases, SendRetry retry,
                      OutboundWindow window, SqlParameters json,
                      @Value("${gateway.worker.lease-seconds}") int leaseSeconds) {
        this.metrics = metrics;
        this.json = json;
        this.worker = worker;
        this.leases = leases;
        this.retry = retry;
        this.window = window;
        this.leaseSeconds = leaseSeconds;
    }

    @Override
    public void configure() {
        from("timer:send-poll?period={{gateway.worker.poll-interval-ms}}&delay=1000")
                .routeId("send-poll").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:send-interrupted").id("send-poll-interrupted")
                .to("direct:send-worker").id("send-poll-worker");

        from("seda:send-nudge?concurrentConsumers={{gateway.worker.concurrency}}&size=" + Nudge.QUEUE_SIZE)
                .routeId("send-nudge").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:send-worker").id("send-nudge-worker");

        from("direct:send-worker").routeId("send-worker")
                .setVariable(LEASE_SECONDS, constant(leaseSeconds)).id("send-worker-lease-seconds")
                .setVariable(WORKER_ID, constant(worker.id())).id("send-worker-id")
                .setVariable(CLAIM_AGAIN, constant(true)).id("send-worker-claim-first")
                .loopDoWhile(variable(CLAIM_AGAIN).isEqualTo(true)).id("send-worker-claim-loop")
                    // each message has its own correlation id (a nudge arrives with the one of its webhook)
                    .removeProperty(Correlation.KEY).id("send-worker-correlation-reset")
                    .setBody(constant(null)).id("send-worker-claim-body-reset")
                    .toV(Sql.selectOne(SendStatements.CLAIM_OUTGOING), null, OUTGOING).id("outgoing-claim")
                    .process(SendRoutes::readClaim).id("send-worker-claim-read")
                    .filter(variable(OUTGOING).isNotNull()).id("send-worker-if-claimed")
                        .filter(variable(CLAIM_AGAIN).isEqualTo(true)).id("send-worker-if-more-due")
                            // another worker looks for the next message meanwhile
                            .to(Nudge.SEND).id("send-nudge-next-worker")
                        .end()
                        .setBody(variable(OUTGOING)).id("send-worker-outgoing-as-body")
                        .to("direct:send-claimed").id("send-worker-send")
                    .end()
                .end();

        // the lease of a claim is renewed exactly while its send is in flight here
        from("direct:send-claimed").routeId("send-claimed")
                .process(SendRoutes::startSend).id("send-claimed-start")
                .process(leases::hold).id("send-claimed-lease-hold")
                .doTry().id("send-claimed-try")
                    .to("direct:send-reply").id("send-claimed-send-reply")
                .doFinally().id("send-claimed-finally")
                    .process(leases::release).id("send-claimed-lease-release")
                .end();

        from("timer:send-lease-renewal?period=" + renewalPeriodMs() + "&delay=" + renewalPeriodMs())
                .routeId("send-lease-renewal").autoStartup("{{gateway.worker.enabled}}")
                .setVariable(MESSAGE_IDS, method(leases, "held")).id("send-lease-renewal-held")
                .filter(variable(MESSAGE_IDS).isNotNull()).id("send-lease-renewal-if-held")
                    .setVariable(LEASE_SECONDS, constant(leaseSeconds)).id("send-lease-renewal-lease-seconds")
                    .setVariable(WORKER_ID, constant(worker.id())).id("send-lease-renewal-worker-id")
                    .to(Sql.statement(SendStatements.RENEW_SEND_LEASES)).id("send-leases-renew")
                    .log(LoggingLevel.DEBUG, "Renewed the leases of ${body.size} sends in flight")
                        .id("send-lease-renewal-log")
                .end();

        // claims whose worker stopped renewing them: failed, never resent on their own
        from("direct:send-interrupted").routeId("send-interrupted")
                .to(Sql.statement(SendStatements.FAIL_INTERRUPTED_SENDS)).id("interrupted-sends-fail")
                .split(body()).id("send-interrupted-each")
                    .process(Correlation.fromBody("correlationId")).id("send-interrupted-correlation")
                    .log(LoggingLevel.WARN, "Message ${body[messageId]} to ${body[provider]}: the send by "
                            + "${body[lockedBy]} was interrupted before its outcome was recorded; not resending it "
                            + "on its own (it may have gone out): failed as send_interrupted, see GET /api/failures")
                        .id("send-interrupted-log")
                    .process(metrics::interrupted).id("send-interrupted-count")
                .end();

        // body and variable outgoing: the claimed message
        from("direct:send-reply").routeId("send-reply")
                .process(this::decide).id("send-reply-decide")
                .choice().id("send-reply-queue-expire-or-send")
                    .when(variable(SEND_AS).isEqualTo(OutboundWindow.QUEUE)).id("send-reply-when-queue")
                        .process(this::queue).id("send-reply-queue")
                    .when(variable(SEND_AS).isEqualTo(OutboundWindow.EXPIRE)).id("send-reply-when-expire")
                        // an invitation the user answered (or opted out) before it went out
                        .process(exchange -> Delivery.expired(exchange, "not_needed",
                                "the user wrote or opted out before this invitation went out"))
                            .id("send-reply-expire")
                    .otherwise().id("send-reply-otherwise-send")
                        .to("direct:send-via-provider").id("send-reply-via-provider")
                .end()
                // a failure worth another try: scheduled on the row, or final once the attempts are spent
                .process(retry::decide).id("send-reply-retry-decide")
                .choice().id("send-reply-retry-or-record")
                    .when(exchange -> Delivery.isRetryable(exchange)).id("send-reply-when-retryable")
                        .to("direct:send-retry-schedule").id("send-reply-retry-schedule")
                    .otherwise().id("send-reply-otherwise-record")
                        .to("direct:send-outcome-record").id("send-reply-outcome-record")
                .end();

        // the outcome, and the conversation's last_message_at with it, in one statement
        from("direct:send-outcome-record").routeId("send-outcome-record")
                .choice().id("send-outcome-queued-or-sent")
                    .when(variable(SEND_AS).isEqualTo(OutboundWindow.QUEUE)).id("send-outcome-when-queued")
                        // queued, with the invitation of the closed window when it is due
                        .toV(Sql.selectOne(SendStatements.RECORD_QUEUED), DELIVERY, RECORDED)
                            .id("delivery-record-queued")
                    .otherwise().id("send-outcome-otherwise-sent")
                        .toV(Sql.selectOne(SendStatements.RECORD_DELIVERY), DELIVERY, RECORDED)
                            .id("delivery-record")
                .end()
                .choice().id("send-outcome-recorded-check")
                    .when(variable(RECORDED).isNull()).id("send-outcome-when-not-recorded")
                        .log(LoggingLevel.WARN, "Message ${variable.messageId}: its outcome "
                                + "(${variable.delivery[deliveryStatus]}) was not recorded, the claim is no longer "
                                + "this worker's (retried by an operator since it was interrupted)")
                            .id("send-outcome-log-not-recorded")
                    .otherwise().id("send-outcome-otherwise-recorded")
                        // whether send-worker claims again: is another message due now, after this send?
                        .process(SendRoutes::claimAgainIfMoreDue).id("send-outcome-claim-again")
                        // under send-reply's name, as operators grep for it (README, "Logs")
                        .log(LoggingLevel.INFO, "send-reply", "Message ${variable.messageId} to ${body.provider} "
                                + "conversation ${body.conversationId} as ${variable.sendAs}: "
                                + "${variable.delivery[deliveryStatus]}").id("send-outcome-log")
                        .process(metrics::sent).id("send-outcome-count")
                        .filter(exchange -> window.isWindowError(Delivery.errorCodeOf(exchange)))
                                .id("send-outcome-if-window-error")
                            .process(exchange -> exchange.setVariable(PROVIDER,
                                    OutgoingMessage.of(exchange).provider())).id("send-outcome-retry-provider")
                            .to("direct:retry-outside-window").id("send-outcome-retry-outside-window")
                        .end()
                .end();

        from("direct:send-retry-schedule").routeId("send-retry-schedule")
                .toV(Sql.selectOne(SendStatements.SCHEDULE_RETRY), DELIVERY, SCHEDULED)
                    .id("send-retry-write")
                .choice().id("send-retry-scheduled-check")
                    .when(variable(SCHEDULED).isNull()).id("send-retry-when-not-scheduled")
                        .log(LoggingLevel.WARN, "Message ${variable.messageId}: its retry was not scheduled, the "
                                + "claim is no longer this worker's").id("send-retry-log-not-scheduled")
                    .otherwise().id("send-retry-otherwise-scheduled")
                        // send-worker claims again: without a backoff delay the retry is due at once
                        .setVariable(CLAIM_AGAIN, constant(true)).id("send-retry-claim-again")
                        .log(LoggingLevel.WARN, "Message ${variable.messageId} to ${body.provider}: attempt "
                                + "${body.sendAttempts} failed (${variable.delivery[deliveryErrorCode]}: "
                                + "${variable.delivery[deliveryError]}); next attempt in "
                                + "${variable.delivery[retryDelayMs]} ms").id("send-retry-log-scheduled")
                        .process(metrics::retryScheduled).id("send-retry-count")
                .end();

        // the content-based router: the one place that knows which sender serves which provider
        from("direct:send-via-provider").routeId("send-via-provider")
                .choice().id("send-via-provider-router")
                    .when(sentBy(Provider.TWILIO)).id("send-via-provider-when-twilio")
                        .to("direct:twilio-send").id("send-via-twilio")
                    .when(sentBy(Provider.META)).id("send-via-provider-when-meta")
                        .to("direct:meta-send").id("send-via-meta")
                    .otherwise().id("send-via-provider-otherwise-kommo")
                        .to("direct:kommo-send").id("send-via-kommo")
                .end();

        // the provider refused free-form text because the window closed in between: once more, outside it
        // (variables messageId and provider)
        from("direct:retry-outside-window").routeId("retry-outside-window")
                .toV(Sql.selectOne(SendStatements.RETRY_OUTSIDE_WINDOW), null, RETRIED)
                    .id("outside-window-retry")
                .choice().id("outside-window-retried-check")
                    .when(variable(RETRIED).isNotNull()).id("outside-window-when-retried")
                        .log("Message ${variable.messageId}: the window had closed, sending it again as a template or "
                                + "queueing it").id("outside-window-log-retried")
                        .to(Nudge.SEND).id("send-nudge-after-window-refusal")
                    .otherwise().id("outside-window-otherwise-failed")
                        // refused for the window before, or already a template: it stays failed
                        .process(metrics::notRetried).id("outside-window-count-not-retried")
                .end();

        from("timer:queue-expiry?period={{gateway.queue.expiry-check-interval-ms}}&delay=5000")
                .routeId("queue-expiry").autoStartup("{{gateway.worker.enabled}}")
                .setVariable(MAX_AGE_HOURS, simple("{{gateway.queue.max-age-hours}}", Integer.class))
                    .id("queue-expiry-max-age")
                .to(Sql.statement(SendStatements.EXPIRE_QUEUED)).id("queued-expire")
                .filter(header("CamelSqlUpdateCount").isGreaterThan(0)).id("queue-expiry-if-expired")
                    .log("Expired ${header.CamelSqlUpdateCount} queued messages older than "
                            + "${variable.maxAgeHours} hours").id("queue-expiry-log")
                .end();
    }

    /** The claimed row becomes an {@link OutgoingMessage}; the worker claims again only if another one was due. */
    private static void readClaim(Exchange exchange) {
        OutgoingMessage outgoing = OutgoingMessage.from(exchange.getVariable(OUTGOING, Map.class));
        exchange.setVariable(OUTGOING, outgoing);
        exchange.setVariable(CLAIM_AGAIN, outgoing != null && outgoing.moreDue());
    }

    /**
     * The message's correlation id (the user message it answers, metadata.inReplyTo, else its own id) and its id,
     * which the statements recording its outcome bind.
     */
    private static void startSend(Exchange exchange) {
        OutgoingMessage outgoing = OutgoingMessage.of(exchange);
        Correlation.set(exchange, outgoing.correlationId());
        exchange.setVariable(MESSAGE_ID, outgoing.messageId());
    }

    /** The statement that recorded the outcome saw another message due now, after this send. */
    private static void claimAgainIfMoreDue(Exchange exchange) {
        Map<?, ?> recorded = exchange.getVariable(RECORDED, Map.class);
        exchange.setVariable(CLAIM_AGAIN, Boolean.TRUE.equals(recorded.get("moreDue")));
    }

    private static Predicate sentBy(Provider provider) {
        return exchange -> provider.id().equals(OutgoingMessage.of(exchange).provider());
    }

    /** How the claimed message goes out: variables sendAs, templateText (the template's {{1}}) and reengage. */
    private void decide(Exchange exchange) {
        OutboundWindow.Decision decision = window.decide(OutgoingMessage.of(exchange));
        exchange.setVariable(SEND_AS, decision.sendAs());
        exchange.setVariable(TEMPLATE_TEXT, decision.templateText());
        exchange.setVariable(REENGAGE, decision.reengage());
    }

    private void queue(Exchange exchange) {
        Map<String, Object> invitation = null;
        if (Boolean.TRUE.equals(exchange.getVariable(REENGAGE))) {
            OutgoingMessage outgoing = OutgoingMessage.of(exchange);
            invitation = window.invitation(outgoing.provider(), outgoing.contactName());
            invitation.put(INVITATION_METADATA, json.toJson(invitation.get(INVITATION_METADATA)));
        }
        Delivery.queued(exchange, invitation);
    }

    /** A live worker renews its claims three times per lease, so one missed renewal does not cost the claim. */
    private long renewalPeriodMs() {
        return Math.max(100, leaseSeconds * 1000L / 3);
    }
}
