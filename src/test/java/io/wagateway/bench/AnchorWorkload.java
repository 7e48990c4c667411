package io.wagateway.bench;

import io.wagateway.bench.Conversations.Conversation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fixed reference ({@code anchor}): the minimum durable work of one message, as the integration guide
 * describes its inbound steps, in one transaction: find or create the conversation, insert the user message,
 * read the last 10 messages, insert the reply, update the conversation. Plain SQL of its own, not the
 * gateway's statements, so that it does not move when the gateway's statements change: change it only when
 * the schema forces it.
 */
final class AnchorWorkload implements LimitRun.Workload {

    static final String FIND_BY_PHONE = "SELECT id FROM kommo_conversations WHERE provider = ? AND phone = ?";
    static final String FIND_BY_CHAT = "SELECT id FROM kommo_conversations WHERE provider = ? AND kommo_chat_id = ?";
    static final String CREATE = "INSERT INTO kommo_conversations (provider, phone, kommo_chat_id, contact_name,"
            + " status) VALUES (?, ?, ?, ?, 'active') ON CONFLICT DO NOTHING RETURNING id";
    static final String INSERT_MESSAGE = "INSERT INTO kommo_messages (conversation_id, provider, role, content,"
            + " message_type) VALUES (?, ?, ?, ?, 'text')";
    static final String LAST_MESSAGES = "SELECT role, content FROM kommo_messages WHERE conversation_id = ?"
            + " ORDER BY created_at DESC LIMIT 10";
    static final String TOUCH = "UPDATE kommo_conversations SET last_message_at = now(), updated_at = now()"
            + " WHERE id = ?";

    private final Conversations conversations;
    private final AtomicLong sequence = new AtomicLong();

    AnchorWorkload(Conversations conversations) {
        this.conversations = conversations;
    }

    /** The statements of one message, for the report. */
    static String shape() {
        return "tx{select conversation [+ insert], insert user message, select last 10, insert reply,"
                + " update conversation}";
    }

    @Override
    public LimitWorkload.Outcome message(Connection connection, String workerId) throws SQLException {
        long start = System.nanoTime();
        Conversation conversation = conversations.next();
        LimitWorkload.inTransaction(connection, () -> {
            UUID id = findOrCreate(connection, conversation);
            long n = sequence.incrementAndGet();
            insertMessage(connection, id, conversation, "user", "Hello, is the blue one in size " + (n % 40 + 30)
                    + " still there? Order " + n);
            int history = lastMessages(connection, id);
            insertMessage(connection, id, conversation, "assistant", FakeOutsideWorld.AI_ANSWER + " (" + history
                    + ")");
            try (PreparedStatement touch = connection.prepareStatement(TOUCH)) {
                touch.setObject(1, id);
                touch.executeUpdate();
            }
        });
        return new LimitWorkload.Outcome(System.nanoTime() - start, true, false);
    }

    private static UUID findOrCreate(Connection connection, Conversation conversation) throws SQLException {
        UUID found = find(connection, conversation);
        if (found != null) {
            return found;
        }
        try (PreparedStatement create = connection.prepareStatement(CREATE)) {
            create.setString(1, conversation.provider().id);
            create.setString(2, conversation.phone());
            create.setString(3, conversation.provider() == Conversations.Provider.KOMMO ? conversation.id() : null);
            create.setString(4, "Bench User");
            try (ResultSet row = create.executeQuery()) {
                if (row.next()) {
                    return row.getObject(1, UUID.class);
                }
            }
        }
        // created by another client since the lookup
        return find(connection, conversation);
    }

    private static UUID find(Connection connection, Conversation conversation) throws SQLException {
        boolean kommo = conversation.provider() == Conversations.Provider.KOMMO;
        try (PreparedStatement find = connection.prepareStatement(kommo ? FIND_BY_CHAT : FIND_BY_PHONE)) {
            find.setString(1, conversation.provider().id);
            find.setString(2, kommo ? conversation.id() : conversation.phone());
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? row.getObject(1, UUID.class) : null;
            }
        }
    }

    private static void insertMessage(Connection connection, UUID conversationId, Conversation conversation,
                                      String role, String content) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
            insert.setObject(1, conversationId);
            insert.setString(2, conversation.provider().id);
            insert.setString(3, role);
            insert.setString(4, content);
            insert.executeUpdate();
        }
    }

    private static int lastMessages(Connection connection, UUID conversationId) throws SQLException {
        int read = 0;
        try (PreparedStatement last = connection.prepareStatement(LAST_MESSAGES)) {
            last.setObject(1, conversationId);
            try (ResultSet rows = last.executeQuery()) {
                while (rows.next()) {
                    rows.getString(2);
                    read++;
                }
            }
        }
        return read;
    }
}
