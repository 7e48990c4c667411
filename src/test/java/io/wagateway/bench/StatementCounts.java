package io.wagateway.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements PostgreSQL ran, from {@code pg_stat_statements} (the server started with
 * {@code shared_preload_libraries = 'pg_stat_statements'}): a snapshot of the calls by statement and of the
 * commits, and the difference of two snapshots per message. Statements are told apart by their
 * {@code queryid} (the parse tree, comments and literals aside), so the gateway's statements through camel-sql
 * and the same SQL files through plain JDBC count as the same statement.
 */
final class StatementCounts {

    /** Calls of one statement per message, on each side of a comparison. */
    record Row(String statement, double gateway, double limit) {

        /** More than a quarter of a call per message apart: not noise of the periodic statements. */
        boolean differs() {
            return Math.abs(gateway - limit) > 0.25;
        }
    }

    /** Calls by queryid, the statements' text, and the commits so far. */
    record Snapshot(Map<Long, Long> calls, Map<Long, String> texts, long commits) {
    }

    /** The pseudo-statement that counts commits. */
    static final String COMMITS = "(commits)";

    private StatementCounts() {
    }

    /** Makes {@code pg_stat_statements} readable; false when the server was not started with it. */
    static boolean enable(GatewayDatabase database) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.executeQuery("SELECT count(*) FROM pg_stat_statements").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    static Snapshot snapshot(GatewayDatabase database) throws SQLException {
        Map<Long, Long> calls = new HashMap<>();
        Map<Long, String> texts = new HashMap<>();
        long commits;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT s.queryid, sum(s.calls), min(s.query)"
                    + " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
                    + " WHERE d.datname = current_database() GROUP BY s.queryid")) {
                while (rows.next()) {
                    calls.put(rows.getLong(1), rows.getLong(2));
                    texts.put(rows.getLong(1), rows.getString(3));
                }
            }
            try (ResultSet row = statement.executeQuery(
                    "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                row.next();
                commits = row.getLong(1);
            }
        }
        return new Snapshot(calls, texts, commits);
    }

    /** Nothing counted yet: the start of a sum of windows. */
    static Snapshot none() {
        return new Snapshot(Map.of(), Map.of(), 0);
    }

    /** What ran between two snapshots. */
    static Snapshot difference(Snapshot before, Snapshot after) {
        Map<Long, Long> calls = new HashMap<>();
        after.calls().forEach((id, count) -> calls.put(id, count - before.calls().getOrDefault(id, 0L)));
        return new Snapshot(calls, after.texts(), after.commits() - before.commits());
    }

    /** What ran in two windows. */
    static Snapshot sum(Snapshot one, Snapshot other) {
        Map<Long, Long> calls = new HashMap<>(one.calls());
        other.calls().forEach((id, count) -> calls.merge(id, count, Long::sum));
        Map<Long, String> texts = new HashMap<>(one.texts());
        texts.putAll(other.texts());
        return new Snapshot(calls, texts, one.commits() + other.commits());
    }

    /** Calls per message between two snapshots, by statement text; below 0.02 per message left out. */
    static Map<String, Double> perMessage(Snapshot before, Snapshot after, long messages) {
        return perMessage(difference(before, after), messages);
    }

    /** Calls per message of what ran in a window (or a sum of windows). */
    static Map<String, Double> perMessage(Snapshot ran, long messages) {
        Map<String, Double> perMessage = new LinkedHashMap<>();
        double divisor = Math.max(1, messages);
        perMessage.put(COMMITS, Report.round(ran.commits() / divisor, 2));
        ran.calls().entrySet().stream()
                .filter(e -> e.getValue() / divisor >= 0.02)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> perMessage.merge(shortText(ran.texts().get(e.getKey())),
                        Report.round(e.getValue() / divisor, 2), Double::sum));
        return perMessage;
    }

    /** The statements of either side, the gateway's first, each with its calls per message on both sides. */
    static List<Row> compare(Map<String, Double> gateway, Map<String, Double> limit) {
        List<Row> rows = new ArrayList<>();
        gateway.forEach((text, calls) -> rows.add(new Row(text, calls, limit.getOrDefault(text, 0.0))));
        limit.forEach((text, calls) -> {
            if (!gateway.containsKey(text)) {
                rows.add(new Row(text, 0.0, calls));
            }
        });
        return rows;
    }

    /** The statement without its comments, on one line, at most 100 characters. */
    static String shortText(String sql) {
        if (sql == null) {
            return "(text not kept)";
        }
        StringBuilder text = new StringBuilder();
        for (String line : sql.split("\n")) {
            int comment = line.indexOf("--");
            String code = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (!code.isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(code);
            }
        }
        String oneLine = text.toString().replaceAll("\\s+", " ");
        return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 97) + "...";
    }
}
