package io.wagateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.util.PSQLException;

/**
 * One database of the test's embedded PostgreSQL server, with the few JDBC helpers the schema tests need.
 * Every test gets its own database, so tests never see each other's rows.
 */
final class TestDatabase {

    /** The migrations exactly as the application runs them: the jar carries db/ as classpath:db/migration. */
    static final String MIGRATIONS = "classpath:db/migration";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final DataSource dataSource;

    private TestDatabase(String name, DataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    /**
     * A new embedded PostgreSQL server with a database {@code template} migrated to the latest version, for the
     * tests to copy ({@link #create(EmbeddedPostgres, String)}): migrating once is much faster than per test.
     */
    static EmbeddedPostgres startWithMigratedTemplate(String template) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + template);
        }
        var result = Flyway.configure().dataSource(pg.getDatabase("postgres", template)).locations(MIGRATIONS).load()
                .migrate();
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isGreaterThanOrEqualTo(7);
        return pg;
    }

    /** A new, empty database. */
    static TestDatabase create(EmbeddedPostgres pg) throws SQLException {
        return create(pg, null);
    }

    /** A new database copied from {@code template} (no session may be connected to the template). */
    static TestDatabase create(EmbeddedPostgres pg, String template) throws SQLException {
        String name = "schema_test_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        }
        return new TestDatabase(name, pg.getDatabase("postgres", name));
    }

    String name() {
        return name;
    }

    DataSource dataSource() {
        return dataSource;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Flyway on this database; {@code target} null means the latest migration. */
    Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(dataSource).locations(MIGRATIONS);
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    /** Runs one statement in its own transaction and returns the update count. */
    int update(String sql, Object... params) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** The single column of the single row {@code sql} returns. */
    <T> T queryOne(String sql, Class<T> type, Object... params) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = prepare(c, sql, params);
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("a row from: %s", sql).isTrue();
            T value = rs.getObject(1, type);
            assertThat(rs.next()).as("a single row from: %s", sql).isFalse();
            return value;
        }
    }

    /** All rows, each as column label -> value (in select order). */
    List<Map<String, Object>> queryRows(String sql, Object... params) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = prepare(c, sql, params);
             ResultSet rs = ps.executeQuery()) {
            return rows(rs);
        }
    }

    /**
     * Runs a statement that the schema must refuse; returns the PostgreSQL error so the caller can assert
     * on its text. Fails if the statement succeeds.
     */
    PSQLException refused(String sql, Object... params) {
        PSQLException error = catchThrowableOfType(PSQLException.class, () -> update(sql, params));
        assertThat((Throwable) error).as("PostgreSQL must refuse: %s", sql).isNotNull();
        return error;
    }

    static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.put(md.getColumnLabel(i), rs.getObject(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
