package io.wagateway.meta;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:meta-notices}: the rare parts of a Meta notification (variable {@code notification}), each
 * committed on its own like a message: identity changes to {@code conversation-identity-change}, opt-outs and
 * opt-ins of {@code user_preferences} to {@code conversation-consent}. Most notifications carry none, so the
 * splits are skipped without evaluating an expression (a simple-language method call copies the exchange).
 * Failures reach the webhook route (meta-inbound), whose error policy answers.
 */
@Component
public class MetaNoticeRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:meta-notices").routeId("meta-notices")
                .errorHandler(noErrorHandler())
                .filter(exchange -> !notification(exchange).identityChanges().isEmpty())
                        .id("meta-notices-if-identity-changes")
                    .setBody(exchange -> notification(exchange).identityChanges()).id("meta-notices-identity-changes")
                    .split(body()).stopOnException().id("meta-link-identities")
                        .to("direct:conversation-identity-change").id("meta-identity-change")
                    .end()
                .end()
                .filter(exchange -> !notification(exchange).consentChanges().isEmpty())
                        .id("meta-notices-if-consent-changes")
                    .setBody(exchange -> notification(exchange).consentChanges()).id("meta-notices-consent-changes")
                    .split(body()).stopOnException().id("meta-record-consents")
                        .to("direct:conversation-consent").id("meta-consent")
                    .end()
                .end()
                .setBody(variable("notification")).id("meta-notices-notification-as-body");
    }

    private static MetaNotification notification(Exchange exchange) {
        MetaNotification notification = exchange.getVariable("notification", MetaNotification.class);
        return notification == null ? new MetaNotification(List.of(), List.of(), List.of(), List.of()) : notification;
    }
}
