package io.wagateway.http;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The one way an HTTP-facing route answers what goes wrong, shared by the webhooks
 * ({@code webhook-errors}) and the REST API ({@code api-errors}): a {@link RefusedRequest} gets its own
 * status, a database that cannot be reached gets {@code 503}, anything else {@code 500}; always the JSON
 * error {@code {"error": "...", "detail": "..."}}, never a stack trace (that goes to the log).
 */
public final class HttpErrors {

    /** How one family of routes words its answers. A {@code null} detail is left out of the body. */
    public record Wording(String subject, String unavailableDetail, String internalDetail) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);
    /** SQLSTATE classes of a database that is down, restarting or out of connections. */
    private static final String[] UNAVAILABLE_SQL_STATES = {"08", "53", "57P"};
    private static final int MAX_CAUSES = 20;

    private HttpErrors() {
    }

    /**
     * Adds the exception clauses to a route configuration. Their steps' ids start with the configuration's id; every
     * route that picks it runs these same definitions, so their ids appear in each (Camel checks that ids are unique
     * outside {@code onException} and interceptors only).
     */
    public static void policy(RouteConfigurationDefinition configuration, Wording wording) {
        String id = configuration.getId();
        configuration
                .onException(RefusedRequest.class).id(id + "-refused")
                    .handled(true)
                    .log(LoggingLevel.INFO, wording.subject() + " refused: ${exception.message}")
                        .id(id + "-refused-log")
                    .process(exchange -> {
                        RefusedRequest e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RefusedRequest.class);
                        answer(exchange, e.status(), e.error(), e.detail());
                    }).id(id + "-refused-answer")
                    .marshal().json(JsonLibrary.Jackson).id(id + "-refused-json")
                .end()
                // one clause for the rest: which answer it gets is decided over the whole cause chain, not by
                // Camel's nearest-class matching (a wrapped SQLException would tie with the wrapper)
                .onException(Exception.class).id(id + "-failed")
                    .handled(true)
                    .process(exchange -> failed(exchange, wording)).id(id + "-failed-answer")
                    .marshal().json(JsonLibrary.Jackson).id(id + "-failed-json")
                .end();
    }

    private static void failed(Exchange exchange, Wording wording) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (databaseUnavailable(e)) {
            LOG.warn("{} in route {}: database unavailable, answering 503: {}", wording.subject(),
                    exchange.getFromRouteId(), e.toString());
            answer(exchange, 503, "database unavailable", wording.unavailableDetail());
        } else {
            LOG.error("{} failed in route {}, answering 500", wording.subject(), exchange.getFromRouteId(), e);
            answer(exchange, 500, "internal error", wording.internalDetail());
        }
    }

    /** Whether the failure, or anything that caused it, says the database cannot be reached or is busy. */
    public static boolean databaseUnavailable(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            // the commit or rollback itself failed in JDBC: the pool has closed the connection that broke,
            // so the rollback's "Connection is closed" (no SQLState) hides why; the message is not known to
            // be stored, and the provider's redelivery of it is harmless
            if (t instanceof TransactionSystemException && t.getCause() instanceof SQLException) {
                return true;
            }
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                for (String state : UNAVAILABLE_SQL_STATES) {
                    if (sql.getSQLState().startsWith(state)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The JSON error body: {@code error}, and {@code detail} when there is one. */
    /** Writes a {@code 401} with a challenge and the JSON error body, from a servlet filter. */
    public static void unauthorized(jakarta.servlet.http.HttpServletResponse response,
                                    com.fasterxml.jackson.databind.ObjectMapper json, String challenge, String detail)
            throws java.io.IOException {
        response.setStatus(jakarta.servlet.http.HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", challenge);
        response.setContentType("application/json");
        byte[] body = json.writeValueAsBytes(body("unauthorized", detail));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    public static Map<String, String> body(String error, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }

    /**
     * Replaces the message with the error answer (the request's headers are dropped, so none is echoed
     * back); the body is the map of {@link #body}, to be marshalled to JSON.
     */
    public static void answer(Exchange exchange, int status, String error, String detail) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body(error, detail));
    }
}
