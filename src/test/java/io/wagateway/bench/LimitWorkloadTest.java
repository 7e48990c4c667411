package io.wagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.support.SharedPostgres;
import io.wagateway.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's limit runs the gateway's own SQL files: on the migrated schema, one message through
 * them is stored, answered and sent, with no work left behind. If a statement changes its parameters or
 * its effect, this fails before the limit would measure something the gateway no longer does.
 */
class LimitWorkloadTest {

    /** A database of its own, copied from the test JVM's migrated template (no server of its own to start). */
    private static String database;

    @BeforeAll
    static void migratedDatabase() {
        database = SharedPostgres.migratedDatabaseUrl();
    }

    @Test
    void everyMessageIsStoredAnsweredAndSentWithNoWorkLeftBehind() throws Exception {
        LimitWorkload workload = new LimitWorkload(Path.of("src/main/resources/sql"), new Conversations(1, 7, 0.25),
                7, 20, 300);
        int replied = 0;
        int sent = 0;
        try (Connection connection = connect()) {
            for (int i = 0; i < 40; i++) {
                LimitWorkload.Outcome outcome = workload.message(connection, "limit-test");
                replied += outcome.replied() ? 1 : 0;
                sent += outcome.sent() ? 1 : 0;
            }
        }

        assertThat(replied).isEqualTo(40);
        assertThat(sent).isEqualTo(40);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isEqualTo(40);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant' "
                + "AND delivery_status = 'accepted'")).isEqualTo(40);
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'pending'")).isZero();
        // a quarter of the messages continue a conversation
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isBetween(20L, 39L);
    }

    @Test
    void namedParametersAreBoundByNameAndCastsAreLeftAlone(@TempDir Path sql) throws Exception {
        Files.createDirectories(sql.resolve("t"));
        Files.writeString(sql.resolve("t/cast.sql"), "SELECT :#word::text AS word, CAST(:#number AS int) + 1 AS next");
        SqlFile statement = SqlFile.load(sql, "t/cast");
        Map<String, Object> values = new HashMap<>();
        values.put("number", 41);
        values.put("word", "it's");

        try (Connection connection = connect()) {
            assertThat(statement.parameters()).containsExactly("word", "number");
            assertThat(statement.execute(connection, values)).containsEntry("word", "it's").containsEntry("next", 42);
        }
    }

    @Test
    void aParameterTheBenchDoesNotBindIsNamedInTheError(@TempDir Path sql) throws Exception {
        Files.createDirectories(sql.resolve("t"));
        Files.writeString(sql.resolve("t/mystery.sql"), "SELECT :#mystery");
        SqlFile statement = SqlFile.load(sql, "t/mystery");

        try (Connection connection = connect()) {
            assertThatThrownBy(() -> statement.execute(connection, Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sql/t/mystery.sql asks for :#mystery");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(database, TestPostgres.USER, "");
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
