package io.wagateway.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The embedded PostgreSQL, started on a thread of its own as soon as the configuration is known, so that
 * initdb and the postmaster's start overlap Spring's and Camel's initialization instead of adding to it. The
 * port is chosen up front: the connection pool exists at once, and its first connection waits for the server
 * ({@link EmbeddedPostgresDataSource}). A server that does not start fails that first connection, with the
 * cause; this object stops the server when the context closes, also when it closed while the server started.
 */
public final class EmbeddedPostgresStart implements DisposableBean {

    static final String BEAN_NAME = "embeddedPostgresStart";
    /** Stopping an orphaned postmaster (30 s at most), initdb and the postmaster's own start (10 s at most). */
    static final Duration START_WAIT = Duration.ofSeconds(120);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresStart.class);

    private final Path dataDir;
    private final int port;
    private final CompletableFuture<EmbeddedPostgres> server = new CompletableFuture<>();

    private EmbeddedPostgresStart(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts the server on {@code dataDir} in the background; {@code port} 0 picks a free one now. */
    static EmbeddedPostgresStart begin(Path dataDir, int port, boolean clean) {
        Path dir = dataDir.toAbsolutePath().normalize();
        EmbeddedPostgresStart start = new EmbeddedPostgresStart(dir, port == 0 ? freePort() : port);
        Thread thread = new Thread(() -> start.run(clean), "embedded-postgres-start");
        thread.setDaemon(true);
        thread.start();
        return start;
    }

    private void run(boolean clean) {
        try {
            Files.createDirectories(dataDir);
            OrphanedPostmaster.stopIfRunning(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(clean)
                    .setPort(port)
                    // stopped by the context, after Camel: zonky's own JVM shutdown hook ran next to Spring's and
                    // stopped the server under the sends still finishing their graceful shutdown
                    .setRegisterShutdownHook(false)
                    // zonky starts PostgreSQL with fsync off and asynchronous commit: a gateway that
                    // acknowledges a webhook after commit needs the commit to be durable.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            LOG.info("Embedded PostgreSQL started on port {} with data directory {}", pg.getPort(), dataDir);
            server.complete(pg);
        } catch (Throwable e) {
            LOG.error("Embedded PostgreSQL did not start on port {} with data directory {}", port, dataDir, e);
            server.completeExceptionally(e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /** The running server, once it accepts connections; what went wrong, when it did not start. */
    EmbeddedPostgres awaitRunning() throws SQLException {
        try {
            return server.get(START_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new SQLException("the embedded PostgreSQL with data directory " + dataDir + " did not start: "
                    + e.getCause(), "08001", e.getCause());
        } catch (TimeoutException e) {
            throw new SQLException("the embedded PostgreSQL with data directory " + dataDir
                    + " did not start within " + START_WAIT.toSeconds() + " s", "08001", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the embedded PostgreSQL to start", "08001", e);
        }
    }

    /** Stops the server, after its start has finished if it is still starting. */
    @Override
    public void destroy() throws Exception {
        CompletableFuture<Void> stopped = server.thenAccept(pg -> {
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            stopped.get(START_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (server.isCompletedExceptionally()) {
                return; // nothing was started; the cause was logged and reported at the first connection
            }
            throw e;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded PostgreSQL", e);
        }
    }
}
