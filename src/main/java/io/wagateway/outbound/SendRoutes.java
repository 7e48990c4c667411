package io.wagateway.outbound;

import io.wagateway.conversation.Sql;
import io.wagateway.operations.Correlation;
import io.wagateway.operations.GatewayMetrics;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The send path every outgoing message takes: a worker claims the oldest pending message (one
 * conversation at a time, in order), a content-based router on the provider picks the sender, and what
 * the provider answered is recorded on the message row.
 */
@Component
public class SendRoutes extends RouteBuilder {

    private final GatewayMetrics metrics;

    public SendRoutes(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from("timer:send-poll?period={{gateway.worker.poll-interval-ms}}&delay=1000")
                .routeId("send-poll").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:send-worker");

        from("seda:send-nudge?concurrentConsumers={{gateway.worker.concurrency}}&size=1000")
                .routeId("send-nudge").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:send-worker");

        from("direct:send-worker").routeId("send-worker")
                .setVariable("leaseSeconds", simple("{{gateway.worker.lease-seconds}}", Integer.class))
                .setVariable("claimed", constant(true))
                .loopDoWhile(variable("claimed").isEqualTo(true))
                    // each message has its own correlation id (a nudge arrives with the one of its webhook)
                    .removeProperty(Correlation.KEY)
                    .toV(Sql.selectOne("kommo_messages/claim-outgoing"), null, "outgoing").id("outgoing-claim")
                    .choice()
                        .when(variable("outgoing").isNull())
                            .setVariable("claimed", constant(false))
                        .otherwise()
                            .setBody(variable("outgoing"))
                            .to("direct:send-reply")
                    .end()
                .end();

        from("direct:send-reply").routeId("send-reply")
                // the user message it answers (metadata.inReplyTo), else the message's own id
                .process(Correlation.fromBody("correlationId"))
                .setVariable("messageId", simple("${body[messageId]}"))
                .setVariable("conversationId", simple("${body[conversationId]}"))
                .setVariable("sendAs", method("outboundWindow", "decide(${body})"))
                .choice()
                    .when(variable("sendAs").isEqualTo(OutboundWindow.QUEUE))
                        .process(exchange -> Delivery.record(exchange, DeliveryStatus.QUEUED, null))
                    .otherwise()
                        .to("direct:send-via-provider")
                .end()
                .toV(Sql.statement("kommo_messages/record-delivery"), Delivery.VARIABLE, "recorded").id("delivery-record")
                .to(Sql.statement("kommo_conversations/touch")).id("conversation-touch")
                .log("Message ${variable.messageId} to ${body[provider]} conversation ${variable.conversationId} "
                        + "as ${variable.sendAs}: ${variable.delivery[deliveryStatus]}")
                .process(metrics::sent)
                .filter(method("outboundWindow", "isWindowError(${variable.delivery[deliveryErrorCode]})"))
                    .to("direct:retry-outside-window")
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
}
