package io.wagateway.outbound;

import static io.wagateway.outbound.SendVariables.DELIVERY_ERROR_CODE;
import static io.wagateway.outbound.SendVariables.MESSAGE_ID;
import static io.wagateway.outbound.SendVariables.PROVIDER;
import static io.wagateway.outbound.SendVariables.UPDATED;

import io.wagateway.operations.Correlation;
import io.wagateway.sql.Sql;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:delivery-status-update}: a provider's report about one of our messages (a map of
 * {@code provider}, {@code providerMessageId}, {@code deliveryStatus}, {@code deliveryErrorCode},
 * {@code deliveryError}: {@link SendVariables}). Statuses only move forward; a report about a message the gateway
 * does not know, or one that would move it backwards, changes nothing and is logged.
 */
@Component
public class DeliveryStatusRoutes extends RouteBuilder {

    private final SendMetrics metrics;
    private final OutboundWindow window;

    public DeliveryStatusRoutes(SendMetrics metrics, OutboundWindow window) {
        this.metrics = metrics;
        this.window = window;
    }

    @Override
    public void configure() {
        from("direct:delivery-status-update").routeId("delivery-status-update")
                .errorHandler(noErrorHandler())
                .process(Correlation.fromBody("providerMessageId")).id("delivery-status-correlation")
                .removeHeaders("*").id("delivery-status-headers-drop")
                .toV(Sql.selectOne(SendStatements.UPDATE_DELIVERY_STATUS), null, UPDATED)
                    .id("delivery-status-write")
                .choice().id("delivery-status-updated-check")
                    .when(variable(UPDATED).isNull()).id("delivery-status-when-ignored")
                        .log("Status ${body[deliveryStatus]} of ${body[provider]} message ${body[providerMessageId]} "
                                + "ignored: unknown message or not newer than what is recorded")
                            .id("delivery-status-log-ignored")
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
    }

    /** The variables retry-outside-window reads: the reported message's id and provider. */
    private static void retryOutsideWindow(Exchange exchange) {
        exchange.setVariable(MESSAGE_ID, exchange.getVariable(UPDATED, Map.class).get("id"));
        exchange.setVariable(PROVIDER, report(exchange).get(PROVIDER));
    }

    private static Map<?, ?> report(Exchange exchange) {
        return exchange.getMessage().getBody(Map.class);
    }
}
