package io.wagateway.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Endpoint URIs of the SQL statements in {@code src/main/resources/sql/<table>/<statement>.sql}: one
 * folder per table, every statement parameterized ({@code :#name} from the body map, headers or
 * variables, found by {@link NamedParameters}), none built from input.
 */
public final class Sql {

    private static final Pattern NAMED = Pattern.compile(":#(?:in:)?(\\w+)");

    private Sql() {
    }

    /** A statement that changes rows or returns many. */
    public static String statement(String tableAndName) {
        String file = "sql/" + tableAndName + ".sql";
        String uri = "sql:classpath:" + file + "?prepareStatementStrategy=#" + NamedParameters.BEAN;
        int placeholders = placeholders(read(file));
        // told the count, camel-sql does not ask the driver for the statement's parameters: with PostgreSQL
        // that question is a round trip of its own before every execution
        return placeholders > 0 ? uri + "&parametersCount=" + placeholders : uri;
    }

    /** A statement whose single row (or single column of it) is the result, {@code null} when none. */
    public static String selectOne(String tableAndName) {
        return statement(tableAndName) + "&outputType=SelectOne";
    }

    /**
     * The JDBC placeholders camel-sql makes of a statement: one per {@code :#name}, none counted for whole-line
     * comments (camel-sql drops them); 0 (unknown) for {@code :#in:} lists, whose size depends on the exchange.
     */
    static int placeholders(String sql) {
        int count = 0;
        for (String line : sql.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.contains(":#in:")) {
                return 0;
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '#' || c == '?') {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The names a statement binds ({@code :#name}, and {@code :#in:name} lists), in the order of their first use;
     * whole-line comments skipped, as camel-sql drops them.
     */
    public static Set<String> parameterNames(String tableAndName) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : read("sql/" + tableAndName + ".sql").split("\n")) {
            if (line.trim().startsWith("--")) {
                continue;
            }
            Matcher matcher = NAMED.matcher(line);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /**
     * The statement in Spring's named-parameter syntax ({@code :name}), for code that runs it through a
     * {@code NamedParameterJdbcTemplate} rather than camel-sql.
     */
    public static String forJdbc(String tableAndName) {
        return NAMED.matcher(read("sql/" + tableAndName + ".sql")).replaceAll(":$1");
    }

    private static String read(String file) {
        try (InputStream in = Sql.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL statement " + file + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
