package io.wagateway.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The gateway's database seen from outside, read only: how much work is still waiting, how many rows
 * there are, and the server's settings (so the limit runs under the same ones).
 */
final class GatewayDatabase {

    /** Settings given on the server's command line that describe a data directory's server, not its settings. */
    private static final List<String> NOT_COPIED = List.of("port", "data_directory", "config_file", "hba_file",
            "ident_file", "external_pid_file");

    private final String jdbcUrl;
    private final Properties credentials = new Properties();

    GatewayDatabase(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String user() {
        return credentials.getProperty("user");
    }

    String password() {
        return credentials.getProperty("password");
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, credentials);
    }

    /** Reply jobs not done yet plus outgoing messages not handed to a provider yet. */
    long backlog() throws SQLException {
        return single("SELECT (SELECT count(*) FROM reply_jobs)"
                + " + (SELECT count(*) FROM kommo_messages WHERE delivery_status = 'pending')");
    }

    /** Loads pg_stat_statements from the server's next start on (the data directory's postgresql.auto.conf). */
    void preloadStatementStatistics() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
        }
    }

    /** Status reports the gateway kept because they came before their message's id (or were not newer). */
    long earlyStatusesKept() throws SQLException {
        return single("SELECT COALESCE(sum(n_tup_ins), 0) FROM pg_stat_user_tables"
                + " WHERE relname = 'early_delivery_statuses'");
    }

    long earlyStatusesLeft() throws SQLException {
        return single("SELECT count(*) FROM early_delivery_statuses");
    }

    /** The gateway's replies by delivery status: with every callback applied, the Twilio and Meta ones are read. */
    Map<String, Object> repliesByDeliveryStatus() throws SQLException {
        Map<String, Object> counts = new LinkedHashMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT provider || ':' || delivery_status, count(*)"
                     + " FROM kommo_messages WHERE role = 'assistant' GROUP BY 1 ORDER BY 1")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    Map<String, Object> rowCounts() throws SQLException {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("conversations", single("SELECT count(*) FROM kommo_conversations"));
        counts.put("messages", single("SELECT count(*) FROM kommo_messages"));
        counts.put("database_mib", single("SELECT pg_database_size(current_database()) / (1024 * 1024)"));
        return counts;
    }

    /** What the server was started with on its command line (zonky passes every setting there). */
    Map<String, String> commandLineSettings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT name, setting FROM pg_settings WHERE source = 'command line' ORDER BY name")) {
            while (rows.next()) {
                if (!NOT_COPIED.contains(rows.getString(1))) {
                    settings.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return settings;
    }

    /** The settings that decide what a commit costs, for the report. */
    Map<String, String> keySettings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, current_setting(name) FROM (VALUES"
                     + " ('server_version'), ('fsync'), ('synchronous_commit'), ('full_page_writes'),"
                     + " ('wal_sync_method'), ('shared_buffers'), ('max_connections')) AS s(name)")) {
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
        }
        return settings;
    }

    private long single(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
