package io.wagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.support.SharedPostgres;
import io.wagateway.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The anchor's transaction runs on the gateway's migrated schema and leaves what the integration guide's
 * inbound steps leave: a conversation per phone or chat, the user message and the reply, the conversation
 * touched. If a migration breaks it, this fails before a benchmark run would report no anchor.
 */
class AnchorWorkloadTest {

    /** A database of its own, copied from the test JVM's migrated template (no server of its own to start). */
    private static String database;

    @BeforeAll
    static void migratedDatabase() {
        database = SharedPostgres.migratedDatabaseUrl();
    }

    @Test
    void everyTransactionStoresTheUserMessageAndTheReplyInItsConversation() throws Exception {
        AnchorWorkload workload = new AnchorWorkload(new Conversations(4, 7, 0.25));
        try (Connection connection = connect()) {
            for (int i = 0; i < 40; i++) {
                LimitWorkload.Outcome outcome = workload.message(connection, "anchor-test");
                assertThat(outcome.inboundNanos()).isPositive();
            }
        }

        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isEqualTo(40);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(40);
        // a quarter of the messages continue a conversation; every conversation has its pairs
        long conversations = count("SELECT count(*) FROM kommo_conversations");
        assertThat(conversations).isBetween(20L, 39L);
        assertThat(count("SELECT count(DISTINCT conversation_id) FROM kommo_messages")).isEqualTo(conversations);
        assertThat(count("SELECT count(*) FROM kommo_conversations c WHERE last_user_message_at IS NOT NULL"
                + " AND last_message_at >= (SELECT max(created_at) FROM kommo_messages m"
                + " WHERE m.conversation_id = c.id)")).isEqualTo(conversations);
        assertThat(count("SELECT count(*) FROM kommo_conversations WHERE provider = 'kommo'"
                + " AND kommo_chat_id IS NULL")).isZero();
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
