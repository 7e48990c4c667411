package io.wagateway.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A PostgreSQL server owned by the test JVM (real binaries through zonky), that outlives the gateway
 * children using it and that the test can crash and bring back on the same data directory and port.
 */
public final class TestPostgres implements AutoCloseable {

    public static final String USER = "postgres";

    private final Path dir;
    private final int port;
    private EmbeddedPostgres server;

    private TestPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A fresh server on {@code target/it-pg/<name>-<uuid>} and a free port. */
    public static TestPostgres start(String name) {
        Path dir = Path.of(System.getProperty("gateway.it-dir", "target"), "it-pg", name + "-" + UUID.randomUUID())
                .toAbsolutePath();
        TestPostgres postgres = new TestPostgres(dir, ChildGateway.freePort());
        postgres.server = postgres.startServer();
        return postgres;
    }

    private EmbeddedPostgres startServer() {
        try {
            Files.createDirectories(dir);
            // durable commits, as the gateway's own embedded server has them (zonky's defaults are off)
            return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public GatewayDatabase database() {
        return new GatewayDatabase(jdbcUrl());
    }

    /** The server crashes the way a killed database does: SIGQUIT, connections cut, no checkpoint. */
    public void stopImmediately() {
        Postmaster.stopImmediately(Postmaster.of(dir).orElseThrow(
                () -> new IllegalStateException("no PostgreSQL running on " + dir)));
        // releases zonky's lock on the data directory; its own stop finds nothing to stop and says so
        closeQuietly();
    }

    /** Starts the server again on the same data directory and port (PostgreSQL replays its WAL). */
    public void restart() {
        if (server != null) {
            throw new IllegalStateException("PostgreSQL on " + dir + " is running");
        }
        server = startServer();
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }
}
