package io.wagateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V7's identity of a WhatsApp user on a real PostgreSQL: one conversation per person, whether the person is
 * known by the phone, the BSUID or both; merging two conversations of one person; identity changes; the upgrade
 * of a database filled before V7. Each test works in a database of its own.
 */
class ConversationIdentityTest {

    private static final String MIGRATED_TEMPLATE = "identity_migrated_template";
    private static final String PHONE = "+5511999990042";
    private static final String BSUID = "BR.1582043977165209";
    private static final String NEW_BSUID = "BR.2093715548801634";

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

    private static TestDatabase database() throws SQLException {
        return TestDatabase.create(pg, MIGRATED_TEMPLATE);
    }

    /** find_or_create_whatsapp_conversation, as find-or-create-whatsapp.sql calls it, in its own transaction. */
    private static UUID conversationOf(TestDatabase db, String provider, String phone, String userId)
            throws SQLException {
        return db.queryOne("SELECT find_or_create_whatsapp_conversation(?, ?, ?, NULL, NULL, 'Mariana')", UUID.class,
                provider, phone, userId);
    }

    private static UUID userMessage(TestDatabase db, UUID conversation, String wamid) throws SQLException {
        return db.queryOne("INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content) "
                + "SELECT id, provider, ?, 'user', 'hi' FROM kommo_conversations WHERE id = ? RETURNING id",
                UUID.class, wamid, conversation);
    }

    private static Map<String, Object> row(TestDatabase db, UUID id) throws SQLException {
        return db.queryRows("SELECT phone, user_id, status, merged_into FROM kommo_conversations WHERE id = ?", id)
                .get(0);
    }

    @Test
    void userKnownOnlyByTheBsuidGetsAConversationWithoutPhone() throws SQLException {
        TestDatabase db = database();

        UUID conversation = conversationOf(db, "meta", null, BSUID);

        assertThat(row(db, conversation)).containsEntry("phone", null).containsEntry("user_id", BSUID)
                .containsEntry("status", "active");
        assertThat(conversationOf(db, "meta", null, BSUID)).isEqualTo(conversation);
    }

    @Test
    void bsuidUserWritingLaterWithThePhoneStaysOneConversationAndGainsThePhone() throws SQLException {
        TestDatabase db = database();
        UUID conversation = conversationOf(db, "meta", null, BSUID);

        assertThat(conversationOf(db, "meta", PHONE, BSUID)).isEqualTo(conversation);
        assertThat(conversationOf(db, "meta", PHONE, null)).isEqualTo(conversation);

        assertThat(row(db, conversation)).containsEntry("phone", PHONE).containsEntry("user_id", BSUID);
        assertThat(db.queryOne("SELECT count(*) FROM kommo_conversations", Long.class)).isEqualTo(1L);
    }

    @Test
    void phoneConversationFromBeforeBsuidsGainsTheBsuidOfItsNextMessage() throws SQLException {
        TestDatabase db = database();
        UUID conversation = conversationOf(db, "twilio", PHONE, null);

        assertThat(conversationOf(db, "twilio", PHONE, BSUID)).isEqualTo(conversation);
        assertThat(conversationOf(db, "twilio", null, BSUID)).isEqualTo(conversation);
        assertThat(row(db, conversation)).containsEntry("phone", PHONE).containsEntry("user_id", BSUID);
    }

    @Test
    void theSameBsuidWithAnotherProviderIsAnotherConversation() throws SQLException {
        TestDatabase db = database();

        assertThat(conversationOf(db, "meta", null, BSUID)).isNotEqualTo(conversationOf(db, "twilio", null, BSUID));
    }

    @Test
    void messageWithThePhoneOfOneConversationAndTheBsuidOfAnotherMergesThemIntoTheOlder() throws SQLException {
        TestDatabase db = database();
        UUID byPhone = conversationOf(db, "meta", PHONE, null);
        UUID byBsuid = conversationOf(db, "meta", null, BSUID);
        userMessage(db, byPhone, "wamid.P1");
        userMessage(db, byBsuid, "wamid.B1");
        db.update("INSERT INTO reply_jobs (conversation_id) VALUES (?)", byBsuid);
        db.update("UPDATE kommo_conversations SET status = 'escalated' WHERE id = ?", byBsuid);

        UUID merged = conversationOf(db, "meta", PHONE, BSUID);

        assertThat(merged).isEqualTo(byPhone);
        assertThat(row(db, byPhone)).containsEntry("phone", PHONE).containsEntry("user_id", BSUID)
                .containsEntry("status", "escalated").containsEntry("merged_into", null);
        assertThat(row(db, byBsuid)).containsEntry("phone", null).containsEntry("user_id", null)
                .containsEntry("status", "merged").containsEntry("merged_into", byPhone);
        assertThat(db.queryRows("SELECT provider_message_id FROM kommo_messages WHERE conversation_id = ? ORDER BY seq",
                byPhone)).extracting(r -> r.get("provider_message_id")).containsExactly("wamid.P1", "wamid.B1");
        assertThat(db.queryRows("SELECT conversation_id FROM reply_jobs")).extracting(r -> r.get("conversation_id"))
                .containsExactly(byPhone);
        assertThat(db.queryOne("SELECT metadata -> 'mergedFrom' ->> 0 FROM kommo_conversations WHERE id = ?",
                String.class, byPhone)).isEqualTo(byBsuid.toString());
        // the provider view counts the person once
        assertThat(db.queryOne("SELECT total FROM active_conversations_by_provider WHERE provider = 'meta'",
                Long.class)).isEqualTo(1L);
        // and both identifiers lead to the survivor from now on
        assertThat(conversationOf(db, "meta", null, BSUID)).isEqualTo(byPhone);
        assertThat(conversationOf(db, "meta", PHONE, null)).isEqualTo(byPhone);
    }

    @Test
    void anOptOutOfEitherConversationStandsAfterTheMerge() throws SQLException {
        TestDatabase db = database();
        UUID byPhone = conversationOf(db, "meta", PHONE, null);
        UUID byBsuid = conversationOf(db, "meta", null, BSUID);
        db.update("UPDATE kommo_conversations SET opted_out_at = now() WHERE id = ?", byBsuid);

        assertThat(conversationOf(db, "meta", PHONE, BSUID)).isEqualTo(byPhone);

        assertThat(db.queryOne("SELECT opted_out_at IS NOT NULL FROM kommo_conversations WHERE id = ?", Boolean.class,
                byPhone)).isTrue();
    }

    @Test
    void mergeIsOneTransactionThatARollbackUndoesWhole() throws SQLException {
        TestDatabase db = database();
        UUID byPhone = conversationOf(db, "meta", PHONE, null);
        UUID byBsuid = conversationOf(db, "meta", null, BSUID);
        userMessage(db, byBsuid, "wamid.B1");

        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement merge = c.prepareStatement(
                    "SELECT find_or_create_whatsapp_conversation('meta', ?, ?, NULL, NULL, NULL)")) {
                merge.setString(1, PHONE);
                merge.setString(2, BSUID);
                merge.executeQuery().close();
            }
            c.rollback();
        }

        assertThat(row(db, byBsuid)).containsEntry("user_id", BSUID).containsEntry("status", "active");
        assertThat(db.queryOne("SELECT conversation_id FROM kommo_messages", UUID.class)).isEqualTo(byBsuid);
        assertThat(row(db, byPhone)).containsEntry("user_id", null);
    }

    @Test
    void concurrentFirstMessagesOfNewUsersMakeOneConversationEach() throws Exception {
        TestDatabase db = database();
        int users = 20;
        int messagesPerUser = 4;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<UUID>> found = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String userId = "BR." + (1000 + u);
                for (int m = 0; m < messagesPerUser; m++) {
                    // some messages carry the phone as well, in any order
                    String phone = m % 2 == 0 ? null : "+55119999" + (1000 + u);
                    found.add(pool.submit(() -> {
                        start.await();
                        return conversationOf(db, "meta", phone, userId);
                    }));
                }
            }
            start.countDown();
            Set<UUID> conversations = new HashSet<>();
            for (Future<UUID> future : found) {
                conversations.add(future.get(30, TimeUnit.SECONDS));
            }

            assertThat(db.queryOne("SELECT count(*) FROM kommo_conversations WHERE status <> 'merged'", Long.class))
                    .isEqualTo((long) users);
            assertThat(db.queryOne("SELECT count(*) FROM kommo_conversations WHERE status <> 'merged' "
                    + "AND phone IS NOT NULL AND user_id IS NOT NULL", Long.class)).isEqualTo((long) users);
            assertThat(conversations).hasSizeGreaterThanOrEqualTo(users);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secondFirstMessageWaitsForTheFirstToCommitAndGetsItsConversation() throws Exception {
        TestDatabase db = database();
        try (Connection first = db.connection()) {
            first.setAutoCommit(false);
            UUID created = call(first, "SELECT find_or_create_whatsapp_conversation('meta', NULL, ?, NULL, NULL, NULL)",
                    BSUID);
            CompletableFuture<UUID> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return conversationOf(db, "meta", null, BSUID);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the second call reached the database and waits there for a lock of the first transaction
            await().atMost(Duration.ofSeconds(10)).until(() -> second.isDone() || db.queryOne("SELECT count(*) "
                    + "FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                    Long.class) > 0);
            assertThat(second).as("blocked on the unique index until the first commits").isNotDone();
            first.commit();

            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(created);
        }
        assertThat(db.queryOne("SELECT count(*) FROM kommo_conversations", Long.class)).isEqualTo(1L);
    }

    @Test
    void identityChangeLinksTheNewBsuidToTheConversationAndKeepsTheOldOneAsAlias() throws SQLException {
        TestDatabase db = database();
        UUID conversation = conversationOf(db, "meta", null, BSUID);

        UUID linked = link(db, null, BSUID, null, NEW_BSUID);

        assertThat(linked).isEqualTo(conversation);
        assertThat(row(db, conversation)).containsEntry("user_id", NEW_BSUID);
        assertThat(conversationOf(db, "meta", null, BSUID)).as("a late message from the old BSUID")
                .isEqualTo(conversation);
        assertThat(conversationOf(db, "meta", null, NEW_BSUID)).isEqualTo(conversation);
        assertThat(link(db, null, BSUID, null, NEW_BSUID)).as("redelivered").isEqualTo(conversation);
        assertThat(db.queryOne("SELECT count(*) FROM kommo_conversations", Long.class)).isEqualTo(1L);
    }

    @Test
    void phoneNumberChangeMovesThePhoneAndTheBsuidAndTheOldPhoneStillFindsTheConversation() throws SQLException {
        TestDatabase db = database();
        UUID conversation = conversationOf(db, "meta", PHONE, BSUID);

        assertThat(link(db, PHONE, BSUID, "+5511988887777", NEW_BSUID)).isEqualTo(conversation);

        assertThat(row(db, conversation)).containsEntry("phone", "+5511988887777").containsEntry("user_id", NEW_BSUID);
        assertThat(conversationOf(db, "meta", PHONE, null)).as("old phone, no BSUID: its alias")
                .isEqualTo(conversation);
    }

    @Test
    void aReusedPhoneWithAnotherBsuidDoesNotReachTheConversationThatHadIt() throws SQLException {
        TestDatabase db = database();
        UUID conversation = conversationOf(db, "meta", PHONE, BSUID);
        link(db, PHONE, BSUID, "+5511988887777", NEW_BSUID);

        UUID someoneElse = conversationOf(db, "meta", PHONE, "BR.777");

        assertThat(someoneElse).isNotEqualTo(conversation);
    }

    @Test
    void identityChangeWhoseNewBsuidWroteFirstMergesTheTwoConversations() throws SQLException {
        TestDatabase db = database();
        UUID old = conversationOf(db, "meta", null, BSUID);
        UUID fresh = conversationOf(db, "meta", null, NEW_BSUID);
        userMessage(db, fresh, "wamid.N1");

        assertThat(link(db, null, BSUID, null, NEW_BSUID)).isEqualTo(old);

        assertThat(row(db, old)).containsEntry("user_id", NEW_BSUID);
        assertThat(row(db, fresh)).containsEntry("status", "merged").containsEntry("merged_into", old);
        assertThat(db.queryOne("SELECT conversation_id FROM kommo_messages", UUID.class)).isEqualTo(old);
    }

    @Test
    void identityChangeOfNobodyKnownLinksNothing() throws SQLException {
        TestDatabase db = database();

        assertThat(link(db, null, BSUID, null, NEW_BSUID)).isNull();
        assertThat(db.queryOne("SELECT count(*) FROM kommo_conversations", Long.class)).isZero();
    }

    @Test
    void theSchemaRefusesABsuidOfTheWrongShapeAndAWhatsappConversationWithoutPhoneOrBsuid() throws SQLException {
        TestDatabase db = database();

        assertThat(db.refused("INSERT INTO kommo_conversations (provider, user_id) VALUES ('meta', 'not-a-bsuid')")
                .getServerErrorMessage().getConstraint()).isEqualTo("check_user_id_shape");
        assertThat(db.refused("INSERT INTO kommo_conversations (provider) VALUES ('twilio')")
                .getServerErrorMessage().getConstraint()).isEqualTo("check_whatsapp_user_known");
        assertThat(db.refused("INSERT INTO kommo_conversations (provider, user_id) VALUES ('meta', ?), ('meta', ?)",
                BSUID, BSUID).getServerErrorMessage().getConstraint()).isEqualTo("idx_conversations_provider_user_id");
    }

    @Test
    void databaseFilledBeforeV7MigratesWithNothingLostAndItsPeopleFoundByPhone() throws SQLException {
        TestDatabase db = TestDatabase.create(pg);
        assertThat(db.flyway("6").migrate().success).isTrue();
        db.update("""
                INSERT INTO kommo_conversations (id, provider, phone, contact_name, status, kommo_chat_id, metadata,
                                                 last_user_message_at)
                VALUES ('00000000-0000-0000-0000-0000000000a1', 'twilio', '+5511999990001', 'Ana', 'active', NULL,
                        '{"tag": "vip"}', now() - interval '1 hour'),
                       ('00000000-0000-0000-0000-0000000000b2', 'meta', ?, 'Bruno', 'escalated', NULL, '{}',
                        now() - interval '2 days'),
                       ('00000000-0000-0000-0000-0000000000c3', 'kommo', NULL, 'Carla', 'closed', 'chat-carla', '{}',
                        NULL)""", PHONE);
        db.update("""
                INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content,
                                            delivery_status)
                VALUES ('00000000-0000-0000-0000-0000000000a1', 'twilio', 'SM1', 'user', 'oi', NULL),
                       ('00000000-0000-0000-0000-0000000000a1', 'twilio', 'SM2', 'assistant', 'olá', 'delivered'),
                       ('00000000-0000-0000-0000-0000000000b2', 'meta', 'wamid.1', 'user', 'hola', NULL),
                       ('00000000-0000-0000-0000-0000000000c3', 'kommo', 'k1', 'user', 'hi', NULL)""");
        db.update("INSERT INTO reply_jobs (conversation_id) VALUES ('00000000-0000-0000-0000-0000000000a1')");
        String conversations = "SELECT id, provider, phone, contact_name, status, kommo_chat_id, metadata::text AS m, "
                + "last_user_message_at, last_message_at FROM kommo_conversations ORDER BY id";
        String messages = "SELECT id, conversation_id, provider_message_id, role, content, delivery_status, seq "
                + "FROM kommo_messages ORDER BY id";
        List<Map<String, Object>> conversationsBefore = db.queryRows(conversations);
        List<Map<String, Object>> messagesBefore = db.queryRows(messages);
        List<Map<String, Object>> statsBefore = db.queryRows("SELECT * FROM active_conversations_by_provider");

        assertThat(db.flyway(null).migrate().success).isTrue();

        assertThat(db.queryRows(conversations)).isEqualTo(conversationsBefore);
        assertThat(db.queryRows(messages)).isEqualTo(messagesBefore);
        assertThat(db.queryRows("SELECT * FROM active_conversations_by_provider")).isEqualTo(statsBefore);
        assertThat(db.queryOne("SELECT count(*) FROM reply_jobs", Long.class)).isEqualTo(1L);
        assertThat(db.queryOne("SELECT count(*) FROM kommo_conversations WHERE user_id IS NOT NULL", Long.class))
                .isZero();
        // the next message of a known person carries the BSUID: same conversation, now with it
        UUID bruno = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
        assertThat(conversationOf(db, "meta", PHONE, BSUID)).isEqualTo(bruno);
        assertThat(row(db, bruno)).containsEntry("user_id", BSUID).containsEntry("status", "escalated");
    }

    private static UUID link(TestDatabase db, String previousPhone, String previousUserId, String phone, String userId)
            throws SQLException {
        return db.queryOne("SELECT link_whatsapp_identity('meta', ?, ?, ?, ?, NULL)", UUID.class, previousPhone,
                previousUserId, phone, userId);
    }

    private static UUID call(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }
}
