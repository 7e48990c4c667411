package io.wagateway.api;

import io.wagateway.http.HttpErrors;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * How every REST API route answers what goes wrong: {@code 400}/{@code 404} with the JSON error, a
 * database that cannot be reached {@code 503}, anything else a bare {@code 500 {"error": "internal error"}}
 * (the details stay in the log). Same mapping as the webhooks: {@link HttpErrors}.
 */
@Component
public class ApiErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "api-errors";

    @Override
    public void configuration() {
        HttpErrors.policy(routeConfiguration(ID), new HttpErrors.Wording("API request", "retry later", null));
    }
}
