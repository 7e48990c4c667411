package io.wagateway.outbound;

import io.wagateway.worker.SendLeases;
import io.wagateway.worker.Nudge;
import io.wagateway.worker.WorkerIdentity;
import io.wagateway.sql.Sql;
import io.wagateway.sql.SqlParameters;
import io.wagateway.operations.Correlation;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
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
                .to("direct:send-interrupted")
                .to("direct:send-worker");

        from("seda:send-nudge?concurrentConsumers={{gateway.worker.concurrency}}&size=" + Nudge.QUEUE_SIZE)
                .routeId("send-nudge").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:send-worker");

        from("direct:send-worker").routeId("send-worker")
                .setVariable("leaseSeconds", constant(leaseSeconds))
                .setVariable("workerId", constant(worker.id()))
                .setVariable("claimed", constant(true))
                .loopDoWhile(variable("claimed").isEqualTo(true))
                    // each message has its own correlation id (a nudge arrives with the one of its webhook)
                    .removeProperty(Correlation.KEY)
                    .toV(Sql.selectOne("kommo_messages/claim-outgoing"), null, "outgoing").id("outgoing-claim")
                    .choice()
                        .when(variable("outgoing").isNull())
                            .setVariable("claimed", constant(false))
                        .otherwise()
                            // claims again only while more is due (moreDue), which send-outcome-record updates
                            .setVariable("claimed", simple("${variable.outgoing[moreDue]}", Boolean.class))
                            .filter(variable("claimed").isEqualTo(true))
                                // another worker looks for the next message meanwhile
                                .to(Nudge.SEND).id("send-nudge-next-worker")
                            .end()
                            .setBody(variable("outgoing"))
                            .to("direct:send-claimed")
                    .end()
                .end();

        // the lease of a claim is renewed exactly while its send is in flight here
        from("direct:send-claimed").routeId("send-claimed")
                .process(leases::hold)
                .doTry()
                    .to("direct:send-reply")
                .doFinally()
                    .process(leases::release)
                .end();

        from("timer:send-lease-renewal?period=" + renewalPeriodMs() + "&delay=" + renewalPeriodMs())
                .routeId("send-lease-renewal").autoStartup("{{gateway.worker.enabled}}")
                .setVariable("messageIds", method(leases, "held"))
                .filter(variable("messageIds").isNotNull())
                    .setVariable("leaseSeconds", constant(leaseSeconds))
                    .setVariable("workerId", constant(worker.id()))
                    .to(Sql.statement("kommo_messages/renew-send-leases")).id("send-leases-renew")
                    .log(LoggingLevel.DEBUG, "Renewed the leases of ${body.size} sends in flight")
                .end();

        // claims whose worker stopped renewing them: failed, never resent on their own
        from("direct:send-interrupted").routeId("send-interrupted")
                .to(Sql.statement("kommo_messages/fail-interrupted-sends")).id("interrupted-sends-fail")
                .split(body())
                    .process(Correlation.fromBody("correlationId"))
                    .log(LoggingLevel.WARN, "Message ${body[messageId]} to ${body[provider]}: the send by "
                            + "${body[lockedBy]} was interrupted before its outcome was recorded; not resending it "
                            + "on its own (it may have gone out): failed as send_interrupted, see GET /api/failures")
                    .process(metrics::interrupted)
                .end();

        from("direct:send-reply").routeId("send-reply")
                // the user message it answers (metadata.inReplyTo), else the message's own id
                .process(Correlation.fromBody("correlationId"))
                .setVariable("messageId", simple("${body[messageId]}"))
                .setVariable("conversationId", simple("${body[conversationId]}"))
                .setVariable("sendAttempts", simple("${body[sendAttempts]}"))
                .process(this::decide)
                .choice()
                    .when(variable("sendAs").isEqualTo(OutboundWindow.QUEUE))
                        .process(this::queue)
                    .when(variable("sendAs").isEqualTo(OutboundWindow.EXPIRE))
                        // an invitation the user answered (or opted out) before it went out
                        .process(exchange -> Delivery.expired(exchange, "not_needed",
                                "the user wrote or opted out before this invitation went out"))
                    .otherwise()
                        .to("direct:send-via-provider")
                .end()
                // a failure worth another try: scheduled on the row, or final once the attempts are spent
                .process(retry::decide)
                .choice()
                    .when(exchange -> Delivery.isRetryable(exchange))
                        .to("direct:send-retry-schedule")
                    .otherwise()
                        .to("direct:send-outcome-record")
                .end();

        // the outcome, and the conversation's last_message_at with it, in one statement
        from("direct:send-outcome-record").routeId("send-outcome-record")
                .choice()
                    .when(variable("sendAs").isEqualTo(OutboundWindow.QUEUE))
                        // queued, with the invitation of the closed window when it is due
                        .toV(Sql.selectOne("kommo_messages/record-queued"), Delivery.VARIABLE, "recorded")
                            .id("delivery-record-queued")
                    .otherwise()
                        .toV(Sql.selectOne("kommo_messages/record-delivery"), Delivery.VARIABLE, "recorded")
                            .id("delivery-record")
                .end()
                .choice()
                    .when(variable("recorded").isNull())
                        .log(LoggingLevel.WARN, "Message ${variable.messageId}: its outcome "
                                + "(${variable.delivery[deliveryStatus]}) was not recorded, the claim is no longer "
                                + "this worker's (retried by an operator since it was interrupted)")
                    .otherwise()
                        // whether send-worker claims again: is another message due now, after this send?
                        .setVariable("claimed", simple("${variable.recorded[moreDue]}", Boolean.class))
                        // under send-reply's name, as operators grep for it (README, "Logs")
                        .log(LoggingLevel.INFO, "send-reply", "Message ${variable.messageId} to ${body[provider]} "
                                + "conversation ${variable.conversationId} as ${variable.sendAs}: "
                                + "${variable.delivery[deliveryStatus]}")
                        .process(metrics::sent)
                        .filter(exchange -> window.isWindowError(exchange.getVariable(Delivery.VARIABLE, Map.class)
                                .get("deliveryErrorCode")))
                            .to("direct:retry-outside-window")
                        .end()
                .end();

        from("direct:send-retry-schedule").routeId("send-retry-schedule")
                .toV(Sql.selectOne("kommo_messages/schedule-retry"), Delivery.VARIABLE, "scheduled")
                    .id("send-retry-write")
                .choice()
                    .when(variable("scheduled").isNull())
                        .log(LoggingLevel.WARN, "Message ${variable.messageId}: its retry was not scheduled, the "
                                + "claim is no longer this worker's")
                    .otherwise()
                        // send-worker claims again: without a backoff delay the retry is due at once
                        .setVariable("claimed", constant(true))
                        .log(LoggingLevel.WARN, "Message ${variable.messageId} to ${body[provider]}: attempt "
                                + "${variable.sendAttempts} failed (${variable.delivery[deliveryErrorCode]}: "
                                + "${variable.delivery[deliveryError]}); next attempt in "
                                + "${variable.delivery[retryDelayMs]} ms")
                        .process(metrics::retryScheduled)
                .end();

        // the content-based router: the one place that knows which sender serves which provider
        from("direct:send-via-provider").routeId("send-via-provider")
                .choice()
                    .when(simple("${body[provider]} == 'twilio'"))
                        .to("direct:twilio-send").id("send-via-twilio")
                    .when(simple("${body[provider]} == 'meta'"))
                        .to("direct:meta-send").id("send-via-meta")
                    .otherwise()
                        .to("direct:kommo-send").id("send-via-kommo")
                .end();

        // the provider refused free-form text because the window closed in between: once more, outside it
        from("direct:retry-outside-window").routeId("retry-outside-window")
                .toV(Sql.selectOne("kommo_messages/retry-outside-window"), null, "retried")
                    .id("outside-window-retry")
                .choice()
                    .when(variable("retried").isNotNull())
                        .log("Message ${variable.messageId}: the window had closed, sending it again as a template or "
                                + "queueing it")
                        .to(Nudge.SEND).id("send-nudge-after-window-refusal")
                    .otherwise()
                        // refused for the window before, or already a template: it stays failed
                        .process(metrics::notRetried)
                .end();

        from("timer:queue-expiry?period={{gateway.queue.expiry-check-interval-ms}}&delay=5000")
                .routeId("queue-expiry").autoStartup("{{gateway.worker.enabled}}")
                .setVariable("maxAgeHours", simple("{{gateway.queue.max-age-hours}}", Integer.class))
                .to(Sql.statement("kommo_messages/expire-queued")).id("queued-expire")
                .filter(header("CamelSqlUpdateCount").isGreaterThan(0))
                    .log("Expired ${header.CamelSqlUpdateCount} queued messages older than ${variable.maxAgeHours} hours")
                .end();
    }

    /** How the claimed message goes out: variables sendAs, templateText (the template's {{1}}) and reengage. */
    private void decide(Exchange exchange) {
        OutboundWindow.Decision decision = window.decide(outgoing(exchange));
        exchange.setVariable("sendAs", decision.sendAs());
        exchange.setVariable("templateText", decision.templateText());
        exchange.setVariable("reengage", decision.reengage());
    }

    private void queue(Exchange exchange) {
        Map<String, Object> invitation = null;
        if (Boolean.TRUE.equals(exchange.getVariable("reengage"))) {
            Map<String, Object> outgoing = outgoing(exchange);
            invitation = window.invitation((String) outgoing.get("provider"), (String) outgoing.get("contactName"));
            invitation.put("invitationMetadata", json.toJson(invitation.get("invitationMetadata")));
        }
        Delivery.queued(exchange, invitation);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> outgoing(Exchange exchange) {
        return exchange.getMessage().getBody(Map.class);
    }

    /** A live worker renews its claims three times per lease, so one missed renewal does not cost the claim. */
    private long renewalPeriodMs() {
        return Math.max(100, leaseSeconds * 1000L / 3);
    }
}
