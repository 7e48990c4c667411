package io.wagateway.outbound;

import static io.wagateway.outbound.SendVariables.DELIVERY_ERROR_CODE;
import static io.wagateway.outbound.SendVariables.KEPT_REPORT;
import static io.wagateway.outbound.SendVariables.MESSAGE_ID;
import static io.wagateway.outbound.SendVariables.PROVIDER;
import static io.wagateway.outbound.SendVariables.TAKEN;
import static io.wagateway.outbound.SendVariables.UPDATED;

import io.wagateway.operations.Correlation;
import io.wagateway.sql.GroupCommit;
import io.wagateway.sql.InTransaction;
import io.wagateway.sql.Sql;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.builder.PredicateBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:delivery-status-update}: a provider's report about one of our messages (a map of
 * {@code provider}, {@code providerMessageId}, {@code deliveryStatus}, {@code deliveryErrorCode},
 * {@code deliveryError}: {@link SendVariables}). Statuses only move forward. A report that changes nothing (about a
 * message whose id its send has not stored yet: providers call back that fast; or one that would move it backwards)
 * is kept in {@code early_delivery_statuses} and applied by {@code early-statuses} once the id is stored.
 */
@Component
public class DeliveryStatusRoutes extends RouteBuilder {

    private final SendMetrics metrics;
    private final OutboundWindow window;
    private final InTransaction transaction;
    private final GroupCommit groupCommit;

    public DeliveryStatusRoutes(SendMetrics metrics, OutboundWindow window, InTransaction transaction,
                                GroupCommit groupCommit) {
        this.metrics = metrics;
        this.window = window;
        this.transaction = transaction;
        this.groupCommit = groupCommit;
    }

    @Override
    public void configure() {
        from("direct:delivery-status-update").routeId("delivery-status-update")
                .errorHandler(noErrorHandler())
                .process(Correlation.fromBody("providerMessageId")).id("delivery-status-correlation")
                .removeHeaders("*").id("delivery-status-headers-drop")
                .to("direct:delivery-status-save").id("delivery-status-commit")
                .choice().id("delivery-status-updated-check")
                    .when(variable(UPDATED).isNull()).id("delivery-status-when-unchanged")
                        .log("Status ${body[deliveryStatus]} of ${body[provider]} message ${body[providerMessageId]} "
                                + "kept: unknown message so far, or not newer than what is recorded")
                            .id("delivery-status-log-kept")
                    .otherwise().id("delivery-status-otherwise-updated")
                        // the user message our message answered, as logged from its webhook to its send
                        .process(Correlation.fromVariable(UPDATED, "correlationId"))
                            .id("delivery-status-reply-correlation")
                        .log("Message ${body[providerMessageId]} is now ${body[deliveryStatus]}")
                            .id("delivery-status-log-updated")
                        .process(metrics::reported).id("delivery-status-count")
                        .filter(exchange -> window.isWindowError(report(exchange).get(DELIVERY_ERROR_CODE)))
                                .id("delivery-status-if-window-error")
                            .process(DeliveryStatusRoutes::retryOutsideWindow).id("delivery-status-retry-variables")
                            .to("direct:retry-outside-window").id("delivery-status-retry-outside-window")
                        .end()
                .end();

        // status webhooks arriving together share a commit (with the user messages arriving then); a kept report
        // applied by early-status-apply joins that one's transaction
        from("direct:delivery-status-save").routeId("delivery-status-save")
                .errorHandler(noErrorHandler())
                .policy(groupCommit.orderedBy(DeliveryStatusRoutes::lockKey)).id("delivery-status-transaction")
                .toV(Sql.selectOne(SendStatements.UPDATE_DELIVERY_STATUS), null, UPDATED)
                    .id("delivery-status-write")
                // its send may not have stored the message's id yet: kept, and applied once it has (a report
                // applied from there found its message: it was not newer, and is not kept again)
                .filter(PredicateBuilder.and(variable(UPDATED).isNull(), variable(KEPT_REPORT).isNull()))
                        .id("delivery-status-if-not-kept-before")
                    .to(Sql.statement(SendStatements.KEEP_EARLY_STATUS)).id("delivery-status-keep")
                .end();

        // the reports kept above whose message's id is stored by now, each applied in a transaction of its own
        // with its taking; one that cannot be applied is dropped and logged, and blocks none of the others
        from("timer:early-statuses?period={{gateway.worker.poll-interval-ms}}&delay=1000").routeId("early-statuses")
                .autoStartup("{{gateway.worker.enabled}}")
                .errorHandler(noErrorHandler())
                .to(Sql.statement(SendStatements.DROP_STALE_EARLY_STATUSES)).id("early-statuses-drop-stale")
                .to(Sql.statement(SendStatements.LIST_READY_EARLY_STATUSES)).id("early-statuses-list-ready")
                .split(body()).id("early-statuses-each")
                    .doTry().id("early-statuses-try")
                        .to("direct:early-status-apply").id("early-statuses-apply")
                    .doCatch(Exception.class).id("early-statuses-on-failure")
                        .log(LoggingLevel.WARN, "Kept status ${body[deliveryStatus]} of ${body[provider]} message "
                                + "${body[providerMessageId]} could not be applied and is dropped: "
                                + "${exception.message}").id("early-statuses-log-dropped")
                        .to(Sql.statement(SendStatements.TAKE_EARLY_STATUS)).id("early-statuses-drop-failed")
                    .end()
                .end();

        from("direct:early-status-apply").routeId("early-status-apply")
                .errorHandler(noErrorHandler())
                .policy(transaction).id("early-status-transaction")
                .toV(Sql.selectOne(SendStatements.TAKE_EARLY_STATUS), null, TAKEN).id("early-status-take")
                .filter(variable(TAKEN).isNotNull()).id("early-status-if-taken")
                    .setVariable(KEPT_REPORT, constant(true)).id("early-status-mark-kept")
                    .to("direct:delivery-status-update").id("early-status-update")
                .end();
    }

    /** The variables retry-outside-window reads: the reported message's id and provider. */
    private static void retryOutsideWindow(Exchange exchange) {
        exchange.setVariable(MESSAGE_ID, exchange.getVariable(UPDATED, Map.class).get("id"));
        exchange.setVariable(PROVIDER, report(exchange).get(PROVIDER));
    }

    /** The message a report updates: what orders the reports of a shared commit (after the user messages). */
    static String lockKey(Exchange exchange) {
        Map<?, ?> report = report(exchange);
        return "status:" + report.get(PROVIDER) + ":" + report.get("providerMessageId");
    }

    private static Map<?, ?> report(Exchange exchange) {
        return exchange.getMessage().getBody(Map.class);
    }
}
