package io.wagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The statements per message come from pg_stat_statements on a server started with it preloaded, as the bench
 * starts the gateway's PostgreSQL the second time; the comparison flags what one side runs and the other not.
 */
class StatementCountsTest {

    @Test
    void theAnchorsStatementsAreCountedPerMessageFromPgStatStatements() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements").start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load()
                    .migrate();
            GatewayDatabase database = new GatewayDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                    null);
            assertThat(StatementCounts.enable(database)).isTrue();
            AnchorWorkload workload = new AnchorWorkload(new Conversations(4, 7, 0.0));

            StatementCounts.Snapshot before = StatementCounts.snapshot(database);
            try (Connection connection = database.connect()) {
                for (int i = 0; i < 50; i++) {
                    workload.message(connection, "statements-test");
                }
            }
            Map<String, Double> perMessage = StatementCounts.perMessage(before, StatementCounts.snapshot(database),
                    50);

            // every conversation is new: lookup, insert, two messages, history, update, one commit (+ the snapshots')
            assertThat(perMessage.get(StatementCounts.COMMITS)).isBetween(1.0, 1.2);
            assertThat(perMessage).containsEntry(StatementCounts.shortText(AnchorWorkload.INSERT_MESSAGE
                    .replace("?, ?, ?, ?", "$1, $2, $3, $4")), 2.0);
            assertThat(perMessage).containsEntry(StatementCounts.shortText(AnchorWorkload.TOUCH
                    .replace("?", "$1")), 1.0);
        }
    }

    @Test
    void statementsRunOnOneSideOnlyOrAQuarterCallApartDiffer() {
        List<StatementCounts.Row> rows = StatementCounts.compare(
                Map.of("SELECT a", 1.0, "UPDATE b", 2.4, "SELECT c", 1.1),
                Map.of("SELECT a", 1.0, "SELECT c", 1.0, "DELETE d", 0.5));

        assertThat(rows).filteredOn(StatementCounts.Row::differs).extracting(StatementCounts.Row::statement)
                .containsExactlyInAnyOrder("UPDATE b", "DELETE d");
    }

    @Test
    void aStatementsTextLosesItsCommentsAndLineBreaks() {
        assertThat(StatementCounts.shortText("-- the why\nUPDATE t\n   SET a = $1 -- forward only\n WHERE id = $2"))
                .isEqualTo("UPDATE t SET a = $1 WHERE id = $2");
    }
}
