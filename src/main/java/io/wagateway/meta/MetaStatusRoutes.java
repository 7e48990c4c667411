package io.wagateway.meta;

import io.wagateway.conversation.Sql;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:meta-status-update}: one {@link MetaStatusUpdate} from the webhook onto the outgoing
 * message with that {@code wamid}. Statuses only move forward (the SQL refuses the rest), so a late
 * {@code delivered} after {@code read} changes nothing; neither does a {@code wamid} the gateway never
 * sent, which is worth one INFO line, not an error.
 */
@Component
public class MetaStatusRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // failures travel back to the webhook route, whose error policy answers 503
        from("direct:meta-status-update").routeId("meta-status-update")
                .errorHandler(noErrorHandler())
                .setBody(simple("${body.parameters}"))
                .toV(Sql.selectOne("kommo_messages/update-delivery-status"), null, "updated")
                    .id("meta-status-record")
                .choice()
                    .when(variable("updated").isNull())
                        .log(LoggingLevel.INFO, "Meta status ${body[deliveryStatus]} for ${body[providerMessageId]} "
                                + "changed nothing: not a message the gateway sent, or not newer than its status")
                    .otherwise()
                        .log("Meta message ${body[providerMessageId]} is now ${body[deliveryStatus]}")
                .end();
    }
}
