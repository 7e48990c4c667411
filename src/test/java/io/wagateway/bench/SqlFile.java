package io.wagateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the gateway's own statements, read from {@code src/main/resources/sql/<table>/<name>.sql} as
 * it is, its camel-sql named parameters ({@code :#name}) turned into JDBC placeholders and bound by name
 * from a map, as camel-sql binds them from the body map, headers and variables.
 */
final class SqlFile {

    private static final Pattern NAMED = Pattern.compile(":#([A-Za-z_][A-Za-z0-9_]*)");

    private final String name;
    private final String jdbcSql;
    private final List<String> parameters;

    private SqlFile(String name, String jdbcSql, List<String> parameters) {
        this.name = name;
        this.jdbcSql = jdbcSql;
        this.parameters = parameters;
    }

    static SqlFile load(Path sqlRoot, String name) throws IOException {
        String sql = Files.readString(sqlRoot.resolve(name + ".sql"));
        List<String> parameters = new ArrayList<>();
        Matcher named = NAMED.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (named.find()) {
            parameters.add(named.group(1));
            named.appendReplacement(jdbc, "?");
        }
        named.appendTail(jdbc);
        return new SqlFile(name, jdbc.toString(), List.copyOf(parameters));
    }

    List<String> parameters() {
        return parameters;
    }

    /** Runs the statement; returns the first row it returned, or null (see {@link #executeAll}). */
    Map<String, Object> execute(Connection connection, Map<String, Object> values) throws SQLException {
        List<Map<String, Object>> rows = executeAll(connection, values);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Runs the statement with its parameters taken from {@code values}; returns every row it returned
     * (column label to value). A parameter missing from {@code values} is an error: the statement
     * changed and the benchmark must learn what to bind.
     */
    List<Map<String, Object>> executeAll(Connection connection, Map<String, Object> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(jdbcSql)) {
            for (int i = 0; i < parameters.size(); i++) {
                String parameter = parameters.get(i);
                if (!values.containsKey(parameter)) {
                    throw new IllegalStateException("sql/" + name + ".sql asks for :#" + parameter + ", which the "
                            + "benchmark does not bind; add it to io.wagateway.bench.LimitWorkload");
                }
                Object value = values.get(parameter);
                if (value == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            if (!statement.execute()) {
                return List.of();
            }
            List<Map<String, Object>> result = new ArrayList<>();
            try (ResultSet rows = statement.getResultSet()) {
                ResultSetMetaData columns = rows.getMetaData();
                while (rows.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int c = 1; c <= columns.getColumnCount(); c++) {
                        row.put(columns.getColumnLabel(c), rows.getObject(c));
                    }
                    result.add(row);
                }
            }
            return result;
        }
    }
}
