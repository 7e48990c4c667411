package io.wagateway.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * One PostgreSQL server per test JVM (real binaries through zonky) for the tests that run the gateway in-process:
 * every gateway gets a database of its own, copied from a template the migrations ran on once. A copy
 * ({@code CREATE DATABASE … TEMPLATE}) takes milliseconds where a server of its own costs an {@code initdb}, a start
 * and the eight migrations. The tests of the embedded server itself, of restarts and of crashes keep their own.
 */
public final class SharedPostgres {

    /** The migrations exactly as the application runs them: the jar carries db/ as classpath:db/migration. */
    public static final String MIGRATIONS = "classpath:db/migration";
    private static final String TEMPLATE = "gateway_template";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static EmbeddedPostgres server;

    private SharedPostgres() {
    }

    /** A new database with the gateway's schema at its latest version, and no rows. */
    public static String migratedDatabaseUrl() {
        return databaseUrl(TEMPLATE);
    }

    private static synchronized String databaseUrl(String template) {
        String name = "gateway_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name;
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = start();
            execute("CREATE DATABASE " + TEMPLATE);
            Flyway.configure().dataSource(server.getDatabase(TestPostgres.USER, TEMPLATE)).locations(MIGRATIONS)
                    .load().migrate();
        }
        return server;
    }

    private static EmbeddedPostgres start() {
        Path dir = Path.of("target", "test-pg", "shared-" + UUID.randomUUID()).toAbsolutePath();
        try {
            EmbeddedPostgres started = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "300").start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is going away; the data directory is under target/
                }
            }, "shared-postgres-stop"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void execute(String sql) {
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}
