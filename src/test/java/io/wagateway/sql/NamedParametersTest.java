package io.wagateway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.MessageType;
import io.wagateway.canonical.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeExchangeException;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.component.sql.SqlHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.TypeConverterSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's named-parameter lookup gives camel-sql exactly what its default strategy gives, for every
 * statement file, and the placeholder counts {@link Sql} passes as {@code parametersCount} are right.
 */
class NamedParametersTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final NamedParameters strategy = new NamedParameters();
    private final DefaultSqlPrepareStatementStrategy camelDefault = new DefaultSqlPrepareStatementStrategy();

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void everyStatementFileGetsTheSameQueryAndValuesAsWithCamelsDefaultStrategy() throws Exception {
        List<Path> files = statementFiles();
        assertThat(files).hasSizeGreaterThan(30);
        for (Path file : files) {
            String query = SqlHelper.resolvePlaceholders(Files.readString(file), "#");
            String prepared = camelDefault.prepareQuery(query, true, exchange(null));
            if (query.contains(":?in:")) {
                continue;
            }
            assertThat(strategy.prepareQuery(query, true, exchange(null))).as(file.toString()).isEqualTo(prepared);
            assertThat(strategy.prepareQuery(query, true, exchange(null))).as("cached " + file).isEqualTo(prepared);
            Map<String, Object> body = new HashMap<>();
            strategy.namesIn(query).forEach(name -> body.put(name, name + "-value"));
            int expected = count(prepared, '?');
            assertThat(values(strategy.createPopulateIterator(query, prepared, expected, exchange(body), body)))
                    .as(file.toString())
                    .isEqualTo(values(camelDefault.createPopulateIterator(query, prepared, expected, exchange(body),
                            body)));
        }
    }

    @Test
    void parametersCountOfEveryStatementFileIsTheNumberOfPlaceholdersCamelSqlPrepares() throws Exception {
        for (Path file : statementFiles()) {
            String text = Files.readString(file);
            String query = SqlHelper.resolvePlaceholders(text, "#");
            if (query.contains(":?in:")) {
                assertThat(Sql.placeholders(text)).as("unknown for an IN list: " + file).isZero();
            } else {
                int prepared = count(camelDefault.prepareQuery(query, true, exchange(null)), '?');
                assertThat(Sql.placeholders(text)).as(file.toString()).isEqualTo(prepared);
            }
        }
    }

    @Test
    void parameterNamesOfEveryStatementFileAreTheNamesTheStrategyBinds() throws Exception {
        Path root = Path.of("src/main/resources/sql");
        for (Path file : statementFiles()) {
            String query = SqlHelper.resolvePlaceholders(Files.readString(file), "#");
            String tableAndName = root.relativize(file).toString().replace('\\', '/').replaceFirst("\\.sql$", "");
            if (query.contains(":?in:")) {
                assertThat(Sql.parameterNames(tableAndName)).as("IN list named too: " + file).isNotEmpty();
            } else {
                assertThat(Sql.parameterNames(tableAndName)).as(file.toString())
                        .containsExactlyElementsOf(new LinkedHashSet<>(strategy.namesIn(query)));
            }
        }
    }

    @Test
    void theBodyMapComesBeforeHeadersAndHeadersBeforeVariables() throws Exception {
        String query = "SELECT :?a, :?b, :?c, :?a";
        Exchange exchange = exchange(Map.of("a", "body-a"));
        exchange.getIn().setHeader("a", "header-a");
        exchange.getIn().setHeader("b", "header-b");
        exchange.setVariable("b", "variable-b");
        exchange.setVariable("c", "variable-c");

        assertThat(values(strategy.createPopulateIterator(query, "SELECT ?, ?, ?, ?", 4, exchange,
                exchange.getIn().getBody())))
                .containsExactly("body-a", "header-b", "variable-c", "body-a");
    }

    @Test
    void aParameterFoundNowhereIsRefusedNamingIt() {
        Exchange exchange = exchange(Map.of("a", 1));

        assertThatThrownBy(() -> strategy.createPopulateIterator("SELECT :?a, :?conversationId", "SELECT ?, ?", 2,
                exchange, exchange.getIn().getBody()))
                .isInstanceOf(RuntimeExchangeException.class)
                .hasMessageContaining("[conversationId]");
    }

    @Test
    void aCanonicalMessageBodyIsConvertedToAMapOncePerStatement() throws Exception {
        AtomicInteger conversions = new AtomicInteger();
        SqlParameters parameters = new SqlParameters(new ObjectMapper());
        camel.getTypeConverterRegistry().addTypeConverter(Map.class, CanonicalMessage.class,
                new TypeConverterSupport() {
                    @Override
                    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                        conversions.incrementAndGet();
                        return type.cast(parameters.of((CanonicalMessage) value));
                    }
                });
        CanonicalMessage message = new CanonicalMessage(Provider.TWILIO, "SM1", "+15551234567", null, null, null,
                null, "Ana", MessageType.TEXT, "it's me", null, null, null, Map.of());
        String query = "INSERT INTO t VALUES (:?phone, :?providerMessageId, :?text, :?contactName, :?conversationId)";
        Exchange exchange = exchange(message);
        exchange.setVariable("conversationId", 7L);

        List<Object> values = values(strategy.createPopulateIterator(query, "", 5, exchange, message));

        assertThat(values).containsExactly("+15551234567", "SM1", "it's me", "Ana", 7L);
        assertThat(conversions).hasValue(1);
    }

    @Test
    void aBodyThatIsNoMapLeavesTheParametersToHeadersAndVariables() throws Exception {
        Exchange exchange = exchange("a plain text body");
        exchange.setVariable("id", 3L);

        for (int i = 0; i < 2; i++) {
            assertThat(values(strategy.createPopulateIterator("SELECT :?id", "SELECT ?", 1, exchange,
                    exchange.getIn().getBody()))).containsExactly(3L);
        }
    }

    private Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(body);
        return exchange;
    }

    private static List<Object> values(Iterator<?> iterator) {
        List<Object> values = new ArrayList<>();
        iterator.forEachRemaining(values::add);
        return values;
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(ch -> ch == c).count();
    }

    private static List<Path> statementFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/sql"))) {
            return files.filter(path -> path.toString().endsWith(".sql")).sorted().toList();
        }
    }
}
