package io.wagateway.support;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The gateway's tables as a test reads them from outside the gateway process. Every query opens its own
 * connection (no pool), so nothing of the test holds a server that a child or the test stops.
 */
public final class GatewayDatabase {

    private final JdbcTemplate jdbc;

    public GatewayDatabase(String jdbcUrl) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(jdbcUrl, TestPostgres.USER, TestPostgres.USER);
        dataSource.setDriverClassName("org.postgresql.Driver");
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The database of a child running its embedded server on {@code port}. */
    public static GatewayDatabase embedded(int port) {
        return new GatewayDatabase("jdbc:postgresql://localhost:" + port + "/postgres");
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public int count(String sql, Object... args) {
        Integer count = jdbc.queryForObject(sql, Integer.class, args);
        return count == null ? 0 : count;
    }

    /** Conversations whose reply is still to be generated. */
    public int replyJobs() {
        return count("SELECT count(*) FROM reply_jobs");
    }

    /** Outgoing messages not yet handed to the provider (or being handed right now). */
    public int pendingOutgoing() {
        return count("SELECT count(*) FROM kommo_messages WHERE role <> 'user' AND delivery_status = 'pending'");
    }

    /** No reply left to generate and none left to send: nothing can reach a provider any more. */
    public boolean hasNoPendingWork() {
        return replyJobs() == 0 && pendingOutgoing() == 0;
    }

    /** Assistant messages the provider took. */
    public int acceptedReplies() {
        return count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = 'accepted'");
    }

    /** How many user rows carry each provider message id. */
    public Map<String, Integer> storedMessages() {
        Map<String, Integer> stored = new HashMap<>();
        jdbc.query("SELECT provider_message_id, count(*) AS n FROM kommo_messages WHERE role = 'user' "
                + "GROUP BY provider_message_id", row -> {
                    stored.put(row.getString("provider_message_id"), row.getInt("n"));
                });
        return stored;
    }

    /** For each user message (by provider message id): the assistant messages of its conversation. */
    public Map<String, Integer> repliesPerMessage() {
        Map<String, Integer> replies = new HashMap<>();
        jdbc.query("""
                SELECT u.provider_message_id,
                       (SELECT count(*) FROM kommo_messages a
                         WHERE a.conversation_id = u.conversation_id AND a.role = 'assistant') AS n
                  FROM kommo_messages u
                 WHERE u.role = 'user'""", row -> {
                    replies.put(row.getString("provider_message_id"), row.getInt("n"));
                });
        return replies;
    }

    /** Conversations created without the user message they were created for: half-written work. */
    public int conversationsWithoutUserMessage() {
        return count("""
                SELECT count(*) FROM kommo_conversations c
                 WHERE NOT EXISTS (SELECT 1 FROM kommo_messages m WHERE m.conversation_id = c.id \
                AND m.role = 'user')""");
    }

    /** User messages that have neither a reply job nor an assistant message: acknowledged but forgotten. */
    public int userMessagesWithoutReplyOrJob() {
        return count("""
                SELECT count(*) FROM kommo_messages u
                 WHERE u.role = 'user'
                   AND NOT EXISTS (SELECT 1 FROM reply_jobs j WHERE j.conversation_id = u.conversation_id)
                   AND NOT EXISTS (SELECT 1 FROM kommo_messages a
                                    WHERE a.conversation_id = u.conversation_id AND a.role = 'assistant')""");
    }
}
