package io.wagateway.webhook;

import io.wagateway.http.HttpErrors;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How every webhook route answers what goes wrong (YAML routes pick it with
 * {@code routeConfigurationId: webhook-errors}): a refused request gets its status with a JSON error,
 * a database that cannot be reached gets {@code 503} so the provider retries (at once while the
 * database is known to be down, see {@link DatabaseOutage}), and nothing else leaks a stack trace. The mapping
 * itself is {@link HttpErrors}, shared with the REST API.
 */
@Component
public class WebhookErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "webhook-errors";

    private final DatabaseOutage outage;

    @Autowired
    public WebhookErrorHandling(DatabaseOutage outage) {
        this.outage = outage;
    }

    /** For routes tested without a database. */
    public WebhookErrorHandling() {
        this(DatabaseOutage.NEVER);
    }

    @Override
    public void configuration() {
        RouteConfigurationDefinition configuration = routeConfiguration(ID);
        HttpErrors.policy(configuration, new HttpErrors.Wording("Webhook",
                "the message was not stored; retry later", "the message was not stored; retry later"));
        // while the database is known to be down, a notification is refused before it waits for a connection
        configuration.interceptFrom().id(ID + "-database-down-check")
                .when(header(Exchange.HTTP_METHOD).isEqualTo("POST"))
                .process(outage::refuseWhileDown).id(ID + "-refuse-while-database-down");
    }
}
