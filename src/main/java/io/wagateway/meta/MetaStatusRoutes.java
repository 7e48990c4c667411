package io.wagateway.meta;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:meta-status-update}: one {@link MetaStatusUpdate} from the webhook, handed to the
 * provider-neutral {@code delivery-status-update} (forward only; an unknown {@code wamid} is logged and
 * ignored; a 131047 refusal sends the message through the outside-window path once more).
 */
@Component
public class MetaStatusRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:meta-status-update").routeId("meta-status-update")
                .errorHandler(noErrorHandler())
                .setBody(simple("${body.parameters}")).id("meta-status-parameters")
                .to("direct:delivery-status-update").id("meta-status-record");
    }
}
