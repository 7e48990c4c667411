package io.wagateway.outbound;

import io.wagateway.sql.Sql;
import io.wagateway.operations.Correlation;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:delivery-status-update}: a provider's report about one of our messages (a map of
 * {@code provider}, {@code providerMessageId}, {@code deliveryStatus}, {@code deliveryErrorCode},
 * {@code deliveryError}). Statuses only move forward; a report about a message the gateway does not
 * know, or one that would move it backwards, changes nothing and is logged.
 */
@Component
public class DeliveryStatusRoutes extends RouteBuilder {

    private final SendMetrics metrics;

    public DeliveryStatusRoutes(SendMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from("direct:delivery-status-update").routeId("delivery-status-update")
                .errorHandler(noErrorHandler())
                .process(Correlation.fromBody("providerMessageId"))
                .removeHeaders("*")
                .toV(Sql.selectOne("kommo_messages/update-delivery-status"), null, "updated")
                    .id("delivery-status-write")
                .choice()
                    .when(variable("updated").isNull())
                        .log("Status ${body[deliveryStatus]} of ${body[provider]} message ${body[providerMessageId]} "
                                + "ignored: unknown message or not newer than what is recorded")
                    .otherwise()
                        // the user message our message answered, as logged from its webhook to its send
                        .process(Correlation.fromVariable("updated", "correlationId"))
                        .log("Message ${body[providerMessageId]} is now ${body[deliveryStatus]}")
                        .process(metrics::reported)
                        .filter(method("outboundWindow", "isWindowError(${body[deliveryErrorCode]})"))
                            .setVariable("messageId", simple("${variable.updated[id]}"))
                            .to("direct:retry-outside-window")
                        .end()
                .end();
    }
}
