package io.wagateway.webhook;

import io.wagateway.http.HttpErrors;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * How every webhook route answers what goes wrong (YAML routes pick it with
 * {@code routeConfigurationId: webhook-errors}): a refused request gets its status with a JSON error,
 * a database that cannot be reached gets {@code 503} so the provider retries, and nothing else leaks a
 * stack trace. The mapping itself is {@link HttpErrors}, shared with the REST API.
 */
@Component
public class WebhookErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "webhook-errors";

    @Override
    public void configuration() {
        HttpErrors.policy(routeConfiguration(ID), new HttpErrors.Wording("Webhook",
                "the message was not stored; retry later", "the message was not stored; retry later"));
    }
}
