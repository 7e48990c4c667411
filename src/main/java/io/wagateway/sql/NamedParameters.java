package io.wagateway.sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeExchangeException;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.springframework.stereotype.Component;

/**
 * How every statement of {@link Sql} finds its named parameters: the body (as a map), then the headers,
 * then the exchange variables, as camel-sql's default does. The default converts the body to a map, through
 * a scan of Camel's type converters, twice per parameter, and parses the query with regular expressions on
 * every call; with about thirty parameters per message that was a third of the gateway's CPU (JFR, README
 * "Performance"). Here a query is parsed once and the body converted once per statement. Queries with
 * {@code :#in:} lists or {@code :#${...}} expressions keep the default's handling.
 */
@Component(NamedParameters.BEAN)
public class NamedParameters extends DefaultSqlPrepareStatementStrategy {

    static final String BEAN = "namedParameters";
    private static final Pattern NAMED = Pattern.compile(":\\?(\\w+)");
    private static final String MISSING = "Cannot find key [%s] in message body or headers to use when setting "
            + "named parameter in query [%s]";
    /** Queries come from the statement files; a bound keeps a surprise from growing the caches forever. */
    private static final int MAX_QUERIES = 1000;

    private final Map<String, String> preparedQueries = new ConcurrentHashMap<>();
    private final Map<String, List<String>> parameterNames = new ConcurrentHashMap<>();
    private final Map<Class<?>, Boolean> bodiesWithoutMap = new ConcurrentHashMap<>();

    @Override
    public String prepareQuery(String query, boolean allowNamedParameters, Exchange exchange) throws SQLException {
        String prepared = allowNamedParameters ? preparedQueries.get(query) : null;
        if (prepared != null) {
            return prepared;
        }
        if (!allowNamedParameters || isDynamic(query)) {
            // not cached: what a dynamic query becomes depends on the exchange
            return super.prepareQuery(query, allowNamedParameters, exchange);
        }
        prepared = super.prepareQuery(query, true, exchange);
        if (preparedQueries.size() < MAX_QUERIES) {
            preparedQueries.put(query, prepared);
        }
        return prepared;
    }

    @Override
    public Iterator<?> createPopulateIterator(String query, String preparedQuery, int expectedParams,
                                              Exchange exchange, Object value) throws SQLException {
        List<String> names = namesIn(query);
        if (names.isEmpty()) {
            return super.createPopulateIterator(query, preparedQuery, expectedParams, exchange, value);
        }
        Map<?, ?> body = asMap(exchange, value);
        Map<String, Object> headers = exchange.getIn().getHeaders();
        Map<String, Object> variables = exchange.hasVariables() ? exchange.getVariables() : Map.of();
        List<Object> values = new ArrayList<>(names.size());
        for (String name : names) {
            if (body.containsKey(name)) {
                values.add(body.get(name));
            } else if (headers.containsKey(name)) {
                values.add(headers.get(name));
            } else if (variables.containsKey(name)) {
                values.add(variables.get(name));
            } else {
                throw new RuntimeExchangeException(String.format(MISSING, name, query), exchange);
            }
        }
        return values.iterator();
    }

    /**
     * The named parameters of a query, in order ({@code :#name} reads {@code :?name} once camel-sql loaded it);
     * none for a dynamic query, which the default strategy fills.
     */
    List<String> namesIn(String query) {
        List<String> names = parameterNames.get(query);
        if (names == null) {
            boolean dynamic = isDynamic(query);
            List<String> found = new ArrayList<>();
            Matcher matcher = NAMED.matcher(query);
            while (!dynamic && matcher.find()) {
                found.add(matcher.group(1));
            }
            names = List.copyOf(found);
            if (parameterNames.size() < MAX_QUERIES) {
                parameterNames.put(query, names);
            }
        }
        return names;
    }

    private static boolean isDynamic(String query) {
        return query.contains(":?in:") || query.contains(":?$");
    }

    /** A body of a class that converted to no map once is not offered to the type converters again. */
    private Map<?, ?> asMap(Exchange exchange, Object body) {
        if (body instanceof Map<?, ?> map) {
            return map;
        }
        if (body == null || bodiesWithoutMap.containsKey(body.getClass())) {
            return Map.of();
        }
        Map<?, ?> map = exchange.getContext().getTypeConverter().tryConvertTo(Map.class, exchange, body);
        if (map == null) {
            bodiesWithoutMap.put(body.getClass(), Boolean.TRUE);
            return Map.of();
        }
        return map;
    }
}
