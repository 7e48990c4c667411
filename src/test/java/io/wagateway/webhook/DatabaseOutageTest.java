package io.wagateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** When a webhook is refused at once because the database is known to be down, and when it is not. */
class DatabaseOutageTest {

    @Test
    void databaseIsDownWhileThePoolHasNoConnectionAndARequestWaitsForOne() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres")) {
            DatabaseOutage outage = new DatabaseOutage(pool);
            assertThat(outage.isDown()).as("nobody has asked for a connection yet").isFalse();

            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try (Connection ignored = pool.getConnection()) {
                    throw new AssertionError("connected to a closed port");
                } catch (SQLException expected) {
                    // the pool's connection timeout
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(outage::isDown);
            assertThatThrownBy(() -> outage.refuseWhileDown(null)).isInstanceOf(CannotGetJdbcConnectionException.class);

            waiting.join();
            assertThat(outage.isDown()).as("nobody waits: the next request is the one that tries again").isFalse();
        }
    }

    @Test
    void databaseThatAnswersIsNotDown() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             HikariDataSource pool = pool(postgres.getJdbcUrl("postgres", "postgres"))) {
            DatabaseOutage outage = new DatabaseOutage(pool);
            try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
                assertThat(first.isValid(1)).isTrue();
                assertThat(outage.isDown()).isFalse();
                outage.refuseWhileDown(null);
            }
        }
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("postgres");
        pool.setConnectionTimeout(2000);
        pool.setInitializationFailTimeout(-1);
        return pool;
    }
}
