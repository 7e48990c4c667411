package io.wagateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * The schema of db/ (V1 Kommo-only, V2 multi-provider of the integration guide, V3 gateway work tables) on a
 * real PostgreSQL: the upgrade of existing Kommo data, the constraints the guide's troubleshooting section
 * names, the 24-hour-window trigger, the provider statistics view and the total order of messages.
 *
 * <p>One server for the whole class; every test works in a database of its own.
 */
class SchemaMigrationTest {

    /** Migrated once to the latest version, then copied (CREATE DATABASE ... TEMPLATE) for every test. */
    private static final String MIGRATED_TEMPLATE = "schema_migrated_template";

    private static final String CHECK_VIOLATION = "23514";
    private static final String UNIQUE_VIOLATION = "23505";

    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = TestDatabase.startWithMigratedTemplate(MIGRATED_TEMPLATE);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** A fresh database at the latest schema version. */
    private static TestDatabase migratedDatabase() throws SQLException {
        return TestDatabase.create(pg, MIGRATED_TEMPLATE);
    }

    private static OffsetDateTime ts(String iso) {
        return OffsetDateTime.parse(iso);
    }

    // ---------------------------------------------------------------------------------------------------
    @Nested
    class UpgradeOfKommoOnlyDatabase {

        private static final UUID ANA = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
        private static final UUID BRUNO = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
        private static final UUID CARLA = UUID.fromString("00000000-0000-0000-0000-0000000000c3");
        private static final UUID DIEGO = UUID.fromString("00000000-0000-0000-0000-0000000000d4");

        private static final String CONVERSATION_COLUMNS_V1 = "id, kommo_chat_id, phone, contact_name, status, "
                + "last_message_at, created_at, updated_at, metadata::text AS metadata";
        private static final String MESSAGE_COLUMNS_V1 = "id, conversation_id, role, content, message_type, "
                + "metadata::text AS metadata, created_at";

        @Test
        void kommoRowsSurviveTheUpgradeFromV1ToLatestTaggedKommoWithTheirWindowBackfilled() throws Exception {
            TestDatabase db = TestDatabase.create(pg);

            MigrateResult toV1 = db.flyway("1").migrate();
            assertThat(toV1.success).isTrue();
            assertThat(toV1.targetSchemaVersion).isEqualTo("1");
            assertThat(columnsOf(db, "kommo_conversations"))
                    .as("V1 is the Kommo-only schema")
                    .contains("kommo_chat_id")
                    .doesNotContain("provider", "last_user_message_at");
            assertThat(columnsOf(db, "kommo_messages")).doesNotContain("provider", "seq");

            fillKommoOnlyData(db);
            List<Map<String, Object>> conversationsBefore = db.queryRows(
                    "SELECT " + CONVERSATION_COLUMNS_V1 + " FROM kommo_conversations ORDER BY id");
            List<Map<String, Object>> messagesBefore = db.queryRows(
                    "SELECT " + MESSAGE_COLUMNS_V1 + " FROM kommo_messages ORDER BY id");
            assertThat(conversationsBefore).hasSize(4);
            assertThat(messagesBefore).hasSize(8);

            MigrateResult toLatest = db.flyway(null).migrate();
            assertThat(toLatest.success).isTrue();
            MigrationInfo[] all = db.flyway(null).info().all();
            // exactly the migrations of db/, in order: one added or lost fails here, not in production
            assertThat(java.util.Arrays.stream(all).map(m -> m.getVersion().getVersion() + " " + m.getDescription()))
                    .containsExactly("1 kommo schema", "2 multi provider", "3 reply work", "4 whatsapp window",
                            "5 send reliability", "6 reply reliability", "7 whatsapp user ids",
                            "8 whatsapp platform rules", "9 early delivery statuses", "10 media",
                            "11 console", "12 console changes without notify");
            String latest = all[all.length - 1].getVersion().getVersion();
            assertThat(toLatest.targetSchemaVersion).isEqualTo(latest);
            assertThat(toLatest.migrationsExecuted).isEqualTo(all.length - 1);
            assertThat(db.flyway(null).info().pending()).isEmpty();

            // every V1 column of every row unchanged: ids, contents, metadata, timestamps
            assertThat(db.queryRows("SELECT " + CONVERSATION_COLUMNS_V1 + " FROM kommo_conversations ORDER BY id"))
                    .isEqualTo(conversationsBefore);
            assertThat(db.queryRows("SELECT " + MESSAGE_COLUMNS_V1 + " FROM kommo_messages ORDER BY id"))
                    .isEqualTo(messagesBefore);
            // ... and they are the rows that were inserted, not merely equal to themselves
            assertThat(db.queryRows("SELECT id, kommo_chat_id, status, metadata::text AS metadata "
                    + "FROM kommo_conversations WHERE id = ?", ANA))
                    .extracting(r -> r.get("id"), r -> r.get("kommo_chat_id"), r -> r.get("status"),
                            r -> r.get("metadata"))
                    .containsExactly(tuple(ANA, "chat-ana", "active", "{\"tags\": [\"vip\"], \"lead_id\": 101}"));
            assertThat(db.queryOne("SELECT updated_at FROM kommo_conversations WHERE id = ?", OffsetDateTime.class,
                    ANA)).isAtSameInstantAs(ts("2024-03-01T09:05:00.654321Z"));
            assertThat(db.queryOne("SELECT content FROM kommo_messages WHERE id = ?", String.class,
                    message(ANA, 2))).isEqualTo("Tenemos el modelo X en stock.");
            assertThat(db.queryOne("SELECT metadata::text FROM kommo_messages WHERE id = ?", String.class,
                    message(ANA, 2))).isEqualTo("{\"kommo_message_id\": \"km-2\"}");

            // provider is 'kommo' on both tables, and the Kommo chat ids are still there
            assertThat(db.queryRows("SELECT provider, count(*) AS n FROM kommo_conversations GROUP BY provider"))
                    .containsExactly(Map.of("provider", "kommo", "n", 4L));
            assertThat(db.queryRows("SELECT provider, count(*) AS n FROM kommo_messages GROUP BY provider"))
                    .containsExactly(Map.of("provider", "kommo", "n", 8L));
            assertThat(db.queryRows("SELECT kommo_chat_id FROM kommo_conversations ORDER BY id"))
                    .extracting(r -> r.get("kommo_chat_id"))
                    .containsExactly("chat-ana", "chat-bruno", "chat-carla", "chat-diego");

            // the 24-hour window: the newest *user* message, null without any
            assertThat(lastUserMessageAt(db, ANA)).isAtSameInstantAs(ts("2024-03-01T09:02:00.000123Z"));
            assertThat(lastUserMessageAt(db, BRUNO)).isAtSameInstantAs(ts("2024-03-02T18:30:00.5Z"));
            assertThat(lastUserMessageAt(db, CARLA)).as("only assistant messages").isNull();
            assertThat(lastUserMessageAt(db, DIEGO)).as("no messages at all").isNull();

            // the columns added for the gateway are empty on old rows; every old message got a seq
            assertThat(db.queryOne("SELECT count(*) FROM kommo_messages WHERE provider_message_id IS NOT NULL "
                    + "OR delivery_status IS NOT NULL OR send_attempts <> 0", Long.class)).isZero();
            assertThat(db.queryOne("SELECT count(DISTINCT seq) FROM kommo_messages", Long.class)).isEqualTo(8L);
        }

        private void fillKommoOnlyData(TestDatabase db) throws SQLException {
            db.update("""
                    INSERT INTO kommo_conversations
                        (id, kommo_chat_id, phone, contact_name, status, last_message_at, created_at, updated_at, \
                    metadata)
                    VALUES
                        (?, 'chat-ana', '+5491100000001', 'Ana', 'active',
                         '2024-03-01 09:03:00.5+00', '2024-03-01 09:00:00+00', '2024-03-01 09:05:00.654321+00',
                         '{"lead_id": 101, "tags": ["vip"]}'),
                        (?, 'chat-bruno', '+5491100000002', 'Bruno', 'escalated',
                         '2024-03-02 18:31:00+00', '2024-03-02 18:00:00+00', '2024-03-02 18:31:00+00',
                         '{"escalated_by": "keyword", "agent": {"id": 7}}'),
                        (?, 'chat-carla', NULL, NULL, 'active',
                         '2024-03-03 10:00:00+00', '2024-03-03 10:00:00+00', '2024-03-03 10:00:00+00', '{}'),
                        (?, 'chat-diego', '+5491100000004', 'Diego', 'escalated',
                         '2024-03-04 11:00:00+00', '2024-03-04 11:00:00+00', '2024-03-04 11:00:00+00',
                         '{"source": "import"}')
                    """, ANA, BRUNO, CARLA, DIEGO);
            String insertMessage = "INSERT INTO kommo_messages "
                    + "(id, conversation_id, role, content, message_type, metadata, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS timestamptz))";
            // Ana: user, assistant, user (newest user message), assistant (newer, but not a user message)
            db.update(insertMessage, message(ANA, 1), ANA, "user", "Hola, ¿tienen el modelo X?", "text",
                    "{\"kommo_message_id\": \"km-1\"}", "2024-03-01 09:00:30+00");
            db.update(insertMessage, message(ANA, 2), ANA, "assistant", "Tenemos el modelo X en stock.", "text",
                    "{\"kommo_message_id\": \"km-2\"}", "2024-03-01 09:01:00+00");
            db.update(insertMessage, message(ANA, 3), ANA, "user", "https://example.com/foto.jpg", "image",
                    "{\"kommo_message_id\": \"km-3\", \"media\": {\"mime\": \"image/jpeg\"}}",
                    "2024-03-01 09:02:00.000123+00");
            db.update(insertMessage, message(ANA, 4), ANA, "assistant", "¡Linda foto!", "text",
                    "{}", "2024-03-01 09:03:00.5+00");
            // Bruno: the newest user message inserted before an older one, then a system note
            db.update(insertMessage, message(BRUNO, 1), BRUNO, "user", "Quiero hablar con una persona", "text",
                    "{\"kommo_message_id\": \"km-10\"}", "2024-03-02 18:30:00.5+00");
            db.update(insertMessage, message(BRUNO, 2), BRUNO, "user", "-34.6,-58.4", "location",
                    "{\"lat\": -34.6, \"lng\": -58.4}", "2024-03-02 18:10:00+00");
            db.update(insertMessage, message(BRUNO, 3), BRUNO, "system", "Escalated to agent 7", "text",
                    "{\"agent_id\": 7}", "2024-03-02 18:31:00+00");
            // Carla: the assistant wrote first, the user never answered
            db.update(insertMessage, message(CARLA, 1), CARLA, "assistant", "¿Te puedo ayudar?", "text",
                    "{\"template\": \"welcome\"}", "2024-03-03 10:00:00+00");
        }

        private UUID message(UUID conversation, int n) {
            return UUID.fromString("00000000-0000-0000-" + conversation.toString().substring(32) + "-"
                    + String.format("%012d", n));
        }
    }

    // ---------------------------------------------------------------------------------------------------
    @Nested
    class ConstraintsOfTheTroubleshootingSection {

        private TestDatabase db;

        @BeforeEach
        void freshDatabase() throws SQLException {
            db = migratedDatabase();
        }

        @Test
        void unknownProviderOnConversationIsRefusedByCheckValidProvider() {
            PSQLException e = db.refused("INSERT INTO kommo_conversations (provider, phone, kommo_chat_id) "
                    + "VALUES ('whatsapp', '+15550000001', 'chat-1')");

            assertThat(e.getSQLState()).isEqualTo(CHECK_VIOLATION);
            assertThat(e.getMessage()).contains(
                    "new row for relation \"kommo_conversations\" violates check constraint \"check_valid_provider\"");
        }

        @Test
        void unknownProviderOnMessageIsRefusedByCheckValidProvider() throws SQLException {
            UUID conversation = twilioConversation(db, "+15550000001");

            PSQLException e = db.refused("INSERT INTO kommo_messages (conversation_id, provider, role, content) "
                    + "VALUES (?, 'whatsapp', 'user', 'hi')", conversation);

            assertThat(e.getSQLState()).isEqualTo(CHECK_VIOLATION);
            assertThat(e.getMessage()).contains(
                    "new row for relation \"kommo_messages\" violates check constraint \"check_valid_provider\"");
        }

        @Test
        void kommoConversationWithoutChatIdIsRefusedByCheckKommoRequiresChatId() throws SQLException {
            PSQLException explicit = db.refused("INSERT INTO kommo_conversations (provider, phone) "
                    + "VALUES ('kommo', '+15550000001')");
            PSQLException byDefault = db.refused("INSERT INTO kommo_conversations (phone) VALUES ('+15550000001')");

            for (PSQLException e : List.of(explicit, byDefault)) {
                assertThat(e.getSQLState()).isEqualTo(CHECK_VIOLATION);
                assertThat(e.getMessage()).contains("violates check constraint \"check_kommo_requires_chat_id\"");
            }
            assertThat(db.queryOne("SELECT count(*) FROM kommo_conversations", Long.class)).isZero();
        }

        @Test
        void twilioAndMetaConversationsNeedNoChatId() throws SQLException {
            assertThat(db.update("INSERT INTO kommo_conversations (provider, phone) VALUES "
                    + "('twilio', '+15550000001'), ('meta', '+15550000002')")).isEqualTo(2);
        }

        @Test
        void secondTwilioConversationForTheSamePhoneIsRefusedByIdxTwilioConversationPhone() throws SQLException {
            twilioConversation(db, "+15551234567");

            PSQLException e = db.refused("INSERT INTO kommo_conversations (provider, phone) "
                    + "VALUES ('twilio', '+15551234567')");

            assertThat(e.getSQLState()).isEqualTo(UNIQUE_VIOLATION);
            assertThat(e.getMessage()).contains(
                    "duplicate key value violates unique constraint \"idx_twilio_conversation_phone\"");
            assertThat(db.queryOne("SELECT count(*) FROM kommo_conversations", Long.class)).isEqualTo(1L);
        }

        @Test
        void secondMetaConversationForTheSamePhoneIsRefusedByIdxMetaConversationPhone() throws SQLException {
            db.update("INSERT INTO kommo_conversations (provider, phone) VALUES ('meta', '+15551234567')");

            PSQLException e = db.refused("INSERT INTO kommo_conversations (provider, phone) "
                    + "VALUES ('meta', '+15551234567')");

            assertThat(e.getSQLState()).isEqualTo(UNIQUE_VIOLATION);
            assertThat(e.getMessage()).contains(
                    "duplicate key value violates unique constraint \"idx_meta_conversation_phone\"");
        }

        @Test
        void secondKommoConversationForTheSameChatIsRefusedByIdxKommoConversationChatId() throws SQLException {
            db.update("INSERT INTO kommo_conversations (provider, kommo_chat_id, phone) "
                    + "VALUES ('kommo', 'chat-42', '+15550000001')");

            PSQLException e = db.refused("INSERT INTO kommo_conversations (provider, kommo_chat_id, phone) "
                    + "VALUES ('kommo', 'chat-42', '+15550000002')");

            assertThat(e.getSQLState()).isEqualTo(UNIQUE_VIOLATION);
            assertThat(e.getMessage()).contains(
                    "duplicate key value violates unique constraint \"idx_kommo_conversation_chat_id\"");
        }

        @Test
        void thePhoneIsUniquePerProviderNotAcrossProviders() throws SQLException {
            assertThat(db.update("INSERT INTO kommo_conversations (provider, phone) VALUES ('twilio', '+15551234567')"))
                    .isEqualTo(1);
            assertThat(db.update("INSERT INTO kommo_conversations (provider, phone) VALUES ('meta', '+15551234567')"))
                    .isEqualTo(1);
            assertThat(db.update("INSERT INTO kommo_conversations (provider, phone, kommo_chat_id) "
                    + "VALUES ('kommo', '+15551234567', 'chat-1'), ('kommo', '+15551234567', 'chat-2')"))
                    .as("Kommo conversations are identified by chat, not by phone")
                    .isEqualTo(2);

            assertThat(db.queryRows("SELECT provider, count(*) AS n FROM kommo_conversations "
                    + "WHERE phone = '+15551234567' GROUP BY provider ORDER BY provider"))
                    .containsExactly(Map.of("provider", "kommo", "n", 2L), Map.of("provider", "meta", "n", 1L),
                            Map.of("provider", "twilio", "n", 1L));
        }

        @Test
        void duplicateProviderMessageIdIsRefusedByIdxMessagesProviderMessageId() throws SQLException {
            UUID conversation = twilioConversation(db, "+15550000001");
            db.update("INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content) "
                    + "VALUES (?, 'twilio', 'SM0001', 'user', 'first delivery')", conversation);

            PSQLException e = db.refused("INSERT INTO kommo_messages "
                    + "(conversation_id, provider, provider_message_id, role, content) "
                    + "VALUES (?, 'twilio', 'SM0001', 'user', 'redelivery')", conversation);

            assertThat(e.getSQLState()).isEqualTo(UNIQUE_VIOLATION);
            assertThat(e.getMessage()).contains(
                    "duplicate key value violates unique constraint \"idx_messages_provider_message_id\"");
            assertThat(db.queryOne("SELECT count(*) FROM kommo_messages", Long.class)).isEqualTo(1L);
        }

        @Test
        void messagesWithoutProviderMessageIdOrFromAnotherProviderAreNotDuplicates() throws SQLException {
            UUID conversation = twilioConversation(db, "+15550000001");

            assertThat(db.update("INSERT INTO kommo_messages (conversation_id, provider, role, content) VALUES "
                    + "(?, 'twilio', 'assistant', 'one'), (?, 'twilio', 'assistant', 'two')",
                    conversation, conversation)).isEqualTo(2);
            assertThat(db.update("INSERT INTO kommo_messages "
                    + "(conversation_id, provider, provider_message_id, role, content) VALUES "
                    + "(?, 'twilio', 'ID-1', 'user', 'x'), (?, 'meta', 'ID-1', 'user', 'y')",
                    conversation, conversation)).isEqualTo(2);

            assertThat(db.queryOne("SELECT count(*) FROM kommo_messages WHERE provider_message_id IS NULL",
                    Long.class)).isEqualTo(2L);
        }

        @Test
        void unknownDeliveryStatusIsRefusedByCheckDeliveryStatus() throws SQLException {
            UUID conversation = twilioConversation(db, "+15550000001");

            PSQLException e = db.refused("INSERT INTO kommo_messages "
                    + "(conversation_id, provider, role, content, delivery_status) "
                    + "VALUES (?, 'twilio', 'assistant', 'hello', 'bogus')", conversation);

            assertThat(e.getSQLState()).isEqualTo(CHECK_VIOLATION);
            assertThat(e.getMessage()).contains(
                    "new row for relation \"kommo_messages\" violates check constraint \"check_delivery_status\"");
        }

        @Test
        void everyDocumentedDeliveryStatusAndNullAreAccepted() throws SQLException {
            UUID conversation = twilioConversation(db, "+15550000001");
            List<String> statuses = new ArrayList<>(List.of(
                    "pending", "accepted", "sent", "delivered", "read", "failed", "expired", "dry_run", "queued"));
            statuses.add(null);

            for (String status : statuses) {
                assertThat(db.update("INSERT INTO kommo_messages "
                        + "(conversation_id, provider, role, content, delivery_status) "
                        + "VALUES (?, 'twilio', 'assistant', 'hello', ?)", conversation, status)).isEqualTo(1);
            }
            assertThat(db.queryOne("SELECT count(*) FROM kommo_messages", Long.class)).isEqualTo(10L);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    @Nested
    class LastUserMessageAtTrigger {

        private TestDatabase db;

        @BeforeEach
        void freshDatabase() throws SQLException {
            db = migratedDatabase();
        }

        @Test
        void userMessageSetsLastUserMessageAtToItsCreatedAt() throws SQLException {
            UUID conversation = twilioConversation(db, "+15550000001");
            UUID bystander = twilioConversation(db, "+15550000002");
            assertThat(lastUserMessageAt(db, conversation)).isNull();

            OffsetDateTime createdAt = insertMessage(db, conversation, "user", null);

            assertThat(lastUserMessageAt(db, conversation)).isAtSameInstantAs(createdAt);
            assertThat(lastUserMessageAt(db, bystander)).as("other conversations untouched").isNull();

            OffsetDateTime explicit = ts("2099-01-01T00:00:00.123456Z");
            insertMessage(db, conversation, "user", explicit);
            assertThat(lastUserMessageAt(db, conversation)).isAtSameInstantAs(explicit);
        }

        @Test
        void assistantMessageDoesNotChangeLastUserMessageAt() throws SQLException {
            UUID conversation = twilioConversation(db, "+15550000001");

            insertMessage(db, conversation, "assistant", null);
            assertThat(lastUserMessageAt(db, conversation)).isNull();

            OffsetDateTime userAt = ts("2024-06-01T12:00:00Z");
            insertMessage(db, conversation, "user", userAt);
            insertMessage(db, conversation, "assistant", ts("2024-06-01T12:00:05Z"));
            insertMessage(db, conversation, "system", ts("2024-06-01T12:00:06Z"));

            assertThat(lastUserMessageAt(db, conversation)).isAtSameInstantAs(userAt);
        }

        @Test
        void olderUserMessageInsertedLaterDoesNotMoveLastUserMessageAtBackwards() throws SQLException {
            UUID conversation = twilioConversation(db, "+15550000001");
            OffsetDateTime newest = ts("2024-06-01T12:00:00Z");
            insertMessage(db, conversation, "user", newest);

            insertMessage(db, conversation, "user", ts("2024-05-31T08:00:00Z"));

            assertThat(lastUserMessageAt(db, conversation)).isAtSameInstantAs(newest);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    @Nested
    class ActiveConversationsByProviderView {

        private static final String VIEW = "SELECT provider, total, active, escalated, within_24h "
                + "FROM active_conversations_by_provider";

        private TestDatabase db;

        @BeforeEach
        void freshDatabase() throws SQLException {
            db = migratedDatabase();
        }

        @Test
        void emptyDatabaseGivesExactlyThreeRowsOfZeros() throws SQLException {
            assertThat(db.queryRows(VIEW)).containsExactly(
                    stats("kommo", 0, 0, 0, 0),
                    stats("twilio", 0, 0, 0, 0),
                    stats("meta", 0, 0, 0, 0));
        }

        @Test
        void countsPerProviderWithin24hMeaningAUserMessageLessThan24HoursAgo() throws SQLException {
            String insert = "INSERT INTO kommo_conversations (provider, kommo_chat_id, phone, status, "
                    + "last_user_message_at) VALUES (?, ?, ?, ?, now() - CAST(? AS interval))";
            String none = null;
            // kommo: 3 conversations, 1 active, 1 escalated, 1 inside the window
            db.update(insert, "kommo", "chat-1", "+1555000001", "active", "23 hours");
            db.update(insert, "kommo", "chat-2", "+1555000002", "escalated", none);
            db.update(insert, "kommo", "chat-3", "+1555000003", "closed", "25 hours");
            // twilio: 5 conversations, 2 active, 2 escalated, 2 inside the window
            db.update(insert, "twilio", none, "+1555000001", "active", "23 hours");
            db.update(insert, "twilio", none, "+1555000002", "active", "25 hours");
            db.update(insert, "twilio", none, "+1555000003", "escalated", "1 minute");
            db.update(insert, "twilio", none, "+1555000004", "escalated", none);
            db.update(insert, "twilio", none, "+1555000005", "closed", "30 days");
            // meta: 1 active conversation whose user never wrote
            db.update(insert, "meta", none, "+1555000001", "active", none);

            assertThat(db.queryRows(VIEW)).containsExactly(
                    stats("kommo", 3, 1, 1, 1),
                    stats("twilio", 5, 2, 2, 2),
                    stats("meta", 1, 1, 0, 0));
        }

        private Map<String, Object> stats(String provider, long total, long active, long escalated, long within) {
            return Map.of("provider", provider, "total", total, "active", active, "escalated", escalated,
                    "within_24h", within);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    @Nested
    class MessageOrder {

        /** Three messages are the case; more of them make an order that is not by insertion show up surely. */
        private static final List<String> CONTENTS = List.of("first", "second", "third",
                "4", "5", "6", "7", "8", "9", "10", "11", "12");

        @Test
        void seqOrdersMessagesOfOneTransactionInInsertOrder() throws SQLException {
            TestDatabase db = migratedDatabase();
            UUID conversation = twilioConversation(db, "+15550000001");
            List<Long> seqs = new ArrayList<>();
            List<OffsetDateTime> createdAts = new ArrayList<>();

            try (Connection c = db.connection()) {
                c.setAutoCommit(false);
                for (String content : CONTENTS) {
                    try (PreparedStatement ps = TestDatabase.prepare(c, "INSERT INTO kommo_messages "
                            + "(conversation_id, provider, role, content) VALUES (?, 'twilio', 'user', ?) "
                            + "RETURNING seq, created_at", conversation, content);
                         ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        seqs.add(rs.getLong("seq"));
                        createdAts.add(rs.getObject("created_at", OffsetDateTime.class));
                    }
                }
                c.commit();
            }

            assertThat(seqs).hasSize(CONTENTS.size()).doesNotHaveDuplicates()
                    .isSortedAccordingTo(Comparator.naturalOrder());
            assertThat(createdAts).as("created_at is the transaction time: it cannot order these")
                    .containsOnly(createdAts.get(0));
            assertThat(db.queryRows("SELECT content FROM kommo_messages WHERE conversation_id = ? ORDER BY seq",
                    conversation))
                    .extracting(r -> r.get("content"))
                    .containsExactlyElementsOf(CONTENTS);
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private static UUID twilioConversation(TestDatabase db, String phone) throws SQLException {
        return db.queryOne("INSERT INTO kommo_conversations (provider, phone, contact_name) "
                + "VALUES ('twilio', ?, ?) RETURNING id", UUID.class, phone, phone);
    }

    /** Inserts a message and returns its created_at; {@code createdAt} null keeps the column default. */
    private static OffsetDateTime insertMessage(TestDatabase db, UUID conversation, String role,
                                                OffsetDateTime createdAt) throws SQLException {
        return db.queryOne("INSERT INTO kommo_messages (conversation_id, provider, role, content, created_at) "
                        + "VALUES (?, 'twilio', ?, 'text', COALESCE(?, now())) RETURNING created_at",
                OffsetDateTime.class, conversation, role, createdAt);
    }

    @Nested
    class ConsoleChanges {

        private TestDatabase db;

        @BeforeEach
        void freshDatabase() throws SQLException {
            db = migratedDatabase();
        }

        @Test
        void changesAreRecordedOnlyWhileAConsoleWatchesAndNothingIsNotified() throws SQLException {
            UUID conversation = twilioConversation(db, "+15550000031");
            insertMessage(db, conversation, "user", null);
            assertThat(db.queryOne("SELECT count(*) FROM conversation_changes", Long.class)).isZero();

            db.update("INSERT INTO console_watchers (instance, until) VALUES ('console-1', now() + interval '30 s')");
            insertMessage(db, conversation, "user", null);
            db.update("UPDATE kommo_conversations SET status = 'escalated' WHERE id = ?", conversation);

            assertThat(db.queryRows("SELECT CAST(conversation_id AS text) AS c FROM conversation_changes ORDER BY id"))
                    .containsExactly(Map.of("c", conversation.toString()), Map.of("c", conversation.toString()));
            // NOTIFY would serialize the commits of every writing transaction (V12)
            assertThat(db.queryOne("SELECT count(*) FROM pg_proc WHERE prosrc LIKE '%pg_notify%' "
                    + "AND pronamespace = CAST('public' AS regnamespace)", Long.class))
                    .isZero();

            db.update("UPDATE console_watchers SET until = now() - interval '1 s'");
            insertMessage(db, conversation, "user", null);
            assertThat(db.queryOne("SELECT count(*) FROM conversation_changes", Long.class)).isEqualTo(2);
        }
    }

    private static OffsetDateTime lastUserMessageAt(TestDatabase db, UUID conversation) throws SQLException {
        return db.queryOne("SELECT last_user_message_at FROM kommo_conversations WHERE id = ?",
                OffsetDateTime.class, conversation);
    }

    private static List<String> columnsOf(TestDatabase db, String table) throws SQLException {
        return db.queryRows("SELECT column_name FROM information_schema.columns "
                        + "WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position", table)
                .stream().map(r -> (String) r.get("column_name")).toList();
    }
}
