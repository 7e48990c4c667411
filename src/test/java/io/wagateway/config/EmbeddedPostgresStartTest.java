package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL started in the background: connections wait for it, failures surface, it is stopped. */
class EmbeddedPostgresStartTest {

    @Test
    void connectionAskedForWhileTheServerStartsWaitsForIt() throws Exception {
        Path dir = Path.of("target", "test-pg", "early-" + UUID.randomUUID());
        EmbeddedPostgresStart start = EmbeddedPostgresStart.begin(dir, 0, true);
        try (EmbeddedPostgresDataSource pool = new EmbeddedPostgresDataSource(start);
             Connection connection = pool.getConnection();
             ResultSet result = connection.createStatement().executeQuery("SHOW data_directory")) {
            result.next();
            assertThat(Path.of(result.getString(1))).isEqualTo(dir.toAbsolutePath().normalize());
        } finally {
            start.destroy();
        }
    }

    @Test
    void serverThatCannotStartFailsEveryConnectionWithTheCause() throws Exception {
        Path notADirectory = Files.writeString(
                Files.createDirectories(Path.of("target", "test-pg")).resolve("file-" + UUID.randomUUID()), "x");
        EmbeddedPostgresStart start = EmbeddedPostgresStart.begin(notADirectory.resolve("postgres"), 0, false);
        try (EmbeddedPostgresDataSource pool = new EmbeddedPostgresDataSource(start)) {
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(pool::getConnection)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("did not start")
                        .hasMessageContaining(notADirectory.toAbsolutePath().normalize().toString())
                        .hasCauseInstanceOf(java.nio.file.FileSystemException.class);
            }
        } finally {
            start.destroy();
        }
    }

    @Test
    void serverStillStartingWhenTheContextClosesIsStoppedOnceStarted() throws Exception {
        Path dir = Path.of("target", "test-pg", "closed-early-" + UUID.randomUUID());
        EmbeddedPostgresStart start = EmbeddedPostgresStart.begin(dir, 0, true);

        start.destroy();

        int port = Integer.parseInt(start.jdbcUrl().replaceAll(".*localhost:(\\d+)/.*", "$1"));
        assertThatThrownBy(() -> new Socket("localhost", port).close()).isInstanceOf(java.io.IOException.class);
        assertThat(dir.resolve("postmaster.pid")).doesNotExist();
    }
}
