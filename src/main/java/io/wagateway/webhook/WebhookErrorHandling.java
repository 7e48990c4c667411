package io.wagateway.webhook;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * How every webhook route answers what goes wrong (YAML routes pick it with
 * {@code routeConfigurationId: webhook-errors}): a refused request gets its status with a JSON error,
 * a database that cannot commit gets {@code 503} so the provider retries, and nothing else leaks a
 * stack trace.
 */
@Component
public class WebhookErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "webhook-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(WebhookException.class)
                    .handled(true)
                    .log(org.apache.camel.LoggingLevel.INFO, "Webhook refused: ${exception.message}")
                    .process(exchange -> {
                        WebhookException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookException.class);
                        answer(exchange, e.status(), e.error(), e.detail());
                    })
                    .marshal().json(JsonLibrary.Jackson)
                .end()
                .onException(DataAccessException.class, TransactionException.class, SQLException.class)
                    .handled(true)
                    .log(org.apache.camel.LoggingLevel.WARN, "Database unavailable, answering 503: ${exception.message}")
                    .process(exchange -> answer(exchange, 503, "database unavailable",
                            "the message was not stored; retry later"))
                    .marshal().json(JsonLibrary.Jackson)
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .log(org.apache.camel.LoggingLevel.ERROR, "Webhook failed: ${exception.stacktrace}")
                    .process(exchange -> answer(exchange, 500, "internal error",
                            "the message was not stored; retry later"))
                    .marshal().json(JsonLibrary.Jackson)
                .end();
    }

    private static void answer(Exchange exchange, int status, String error, String detail) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        if (detail != null) {
            body.put("detail", detail);
        }
        exchange.getMessage().setBody(body);
    }
}
