package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.webhook.WebhookErrorHandling;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/** The exception-to-answer mapping of api-errors (and, with its own wording, webhook-errors). */
class ApiErrorHandlingTest {

    private final ObjectMapper json = new ObjectMapper();
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new ApiErrorHandling());
        camel.addRoutes(new WebhookErrorHandling());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:api").routeId("api-test").routeConfigurationId(ApiErrorHandling.ID)
                        .process(exchange -> {
                            throw exchange.getMessage().getBody(Exception.class);
                        });
                from("direct:webhook").routeId("webhook-test").routeConfigurationId(WebhookErrorHandling.ID)
                        .process(exchange -> {
                            throw exchange.getMessage().getBody(Exception.class);
                        });
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private Exchange answer(String route, Exception thrown) {
        return template.request("direct:" + route, exchange -> {
            exchange.getMessage().setHeader("Authorization", "Bearer secret");
            exchange.getMessage().setBody(thrown);
        });
    }

    private int status(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    private Map<?, ?> body(Exchange exchange) throws Exception {
        return json.readValue(exchange.getMessage().getBody(byte[].class), Map.class);
    }

    @Test
    void refusedRequestKeepsItsStatusAndError() throws Exception {
        Exchange exchange = answer("api", ApiException.invalidParameter("limit", "limit must be an integer"));

        assertThat(status(exchange)).isEqualTo(400);
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(body(exchange)).isEqualTo(Map.of("error", "invalid parameter limit",
                "detail", "limit must be an integer"));
        assertThat(exchange.getMessage().getHeader("Authorization")).isNull();
        assertThat(exchange.getException()).isNull();
    }

    @Test
    void unreachableDatabaseIs503() throws Exception {
        for (Exception down : new Exception[] {
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                        new SQLException("Connection to localhost:5432 refused", "08001")),
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                        new SQLTransientConnectionException("wa-gateway - Connection is not available")),
                new SQLTransientConnectionException("Connection is not available, request timed out"),
                new IllegalStateException("wrapped", new SQLException("terminating connection", "57P01"))}) {
            Exchange exchange = answer("api", down);

            assertThat(status(exchange)).as(down.toString()).isEqualTo(503);
            assertThat(body(exchange)).isEqualTo(Map.of("error", "database unavailable", "detail", "retry later"));
        }
    }

    @Test
    void anythingElseIsABare500WithoutDetails() throws Exception {
        for (Exception bug : new Exception[] {new IllegalStateException("secret internals"),
                new BadSqlGrammarException("list", "SELECT secret", new SQLException("syntax error", "42601")),
                new SQLException("timestamp out of range", "22008")}) {
            Exchange exchange = answer("api", bug);

            assertThat(status(exchange)).isEqualTo(500);
            assertThat(body(exchange)).isEqualTo(Map.of("error", "internal error"));
        }
    }

    @Test
    void webhooksShareTheMappingWithTheirOwnWording() throws Exception {
        Exchange unavailable = answer("webhook", new CannotGetJdbcConnectionException("down"));
        assertThat(status(unavailable)).isEqualTo(503);
        assertThat(body(unavailable)).isEqualTo(Map.of("error", "database unavailable",
                "detail", "the message was not stored; retry later"));

        Exchange internal = answer("webhook", new IllegalStateException("secret internals"));
        assertThat(status(internal)).isEqualTo(500);
        assertThat(body(internal).get("detail")).isEqualTo("the message was not stored; retry later");
    }
}
