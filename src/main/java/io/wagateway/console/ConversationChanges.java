package io.wagateway.console;

import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What changed, for the consoles' short poll ({@code GET /api/changes}): the ids of the conversations whose
 * messages, delivery statuses or status changed, as PostgreSQL's {@code NOTIFY wagateway_changes} (V11's triggers)
 * reports them, so changes committed by every instance on the same database are seen. A poll is answered from
 * memory, without a query.
 *
 * <p>The channel is listened to on a connection of its own only while consoles poll: the first poll opens it (and
 * is answered {@code reset}: load everything), {@value #IDLE_MS} ms without a poll closes it again. A cursor names
 * the listening session it was given by ({@code <session>.<sequence>}); a cursor of another session (another
 * instance behind a load balancer, or a session that lost its connection and so may have missed notifications), or
 * one older than the {@value #KEPT} changes kept, is answered {@code reset} too.
 */
@Component("conversationChanges")
public class ConversationChanges {

    public static final String CHANNEL = "wagateway_changes";
    static final int KEPT = 2000;
    static final long IDLE_MS = 60_000;
    private static final long WAIT_MS = 250;
    private static final long RECONNECT_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ConversationChanges.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Change(long sequence, String conversationId) {
    }

    private final DataSource dataSource;
    private final Deque<Change> kept = new ArrayDeque<>();
    private String session;
    private long sequence;
    private long lastPollAt;
    private Thread listener;
    private boolean stopped;

    public ConversationChanges(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * {@code {"cursor": "<session>.<sequence>" or null while the listener connects, "reset": true when the caller
     * must load everything again, "conversations": [ids changed since the cursor]}}.
     */
    public synchronized Map<String, Object> since(String cursor) {
        lastPollAt = System.currentTimeMillis();
        startListening();
        Map<String, Object> answer = new LinkedHashMap<>();
        Set<String> changed = new LinkedHashSet<>();
        boolean reset = session == null || cursor == null || !cursor.startsWith(session + ".");
        if (!reset) {
            long after = Long.parseLong(cursor.substring(session.length() + 1));
            long oldestKnown = kept.isEmpty() ? sequence : kept.peekFirst().sequence() - 1;
            reset = after < oldestKnown || after > sequence;
            for (Change change : kept) {
                if (change.sequence() > after) {
                    changed.add(change.conversationId());
                }
            }
        }
        answer.put("cursor", session == null ? null : session + "." + sequence);
        answer.put("reset", reset);
        answer.put("conversations", reset ? List.of() : new ArrayList<>(changed));
        return answer;
    }

    private void startListening() {
        if (listener == null && !stopped) {
            listener = new Thread(this::listen, "console-changes");
            listener.setDaemon(true);
            listener.start();
        }
    }

    /** While consoles poll: LISTEN, keep what arrives; reconnect after a failure, as a new session. */
    private void listen() {
        while (polled()) {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    listenOn(connection);
                } finally {
                    unlisten(connection);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Console changes: listening on {} failed ({}); trying again", CHANNEL, e.toString());
                closed();
                pause();
            }
        }
        closed();
    }

    private void listenOn(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        opened();
        while (polled()) {
            PGNotification[] notifications = postgres.getNotifications((int) WAIT_MS);
            if (notifications != null && notifications.length > 0) {
                keep(notifications);
            }
        }
    }

    /** The pool's connection goes back without the LISTEN: nobody would read what it kept receiving. */
    private static void unlisten(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
        } catch (SQLException e) {
            LOG.debug("UNLISTEN failed; the connection is dropped anyway: {}", e.toString());
        }
    }

    /** Whether this listener is still wanted: a console polled lately; else it stops (a poll starts another). */
    private synchronized boolean polled() {
        boolean mine = listener == Thread.currentThread();
        boolean active = mine && !stopped && System.currentTimeMillis() - lastPollAt < IDLE_MS;
        if (!active && mine) {
            listener = null;
        }
        return active;
    }

    private synchronized void opened() {
        if (listener == Thread.currentThread()) {
            session = Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
            sequence = 0;
            kept.clear();
        }
    }

    /** No session until the next LISTEN: what happens meanwhile is not seen, so every cursor asks for a reset. */
    private synchronized void closed() {
        if (listener == null || listener == Thread.currentThread()) {
            session = null;
            kept.clear();
        }
    }

    private synchronized void keep(PGNotification[] notifications) {
        if (listener != Thread.currentThread()) {
            return;
        }
        for (PGNotification notification : notifications) {
            kept.addLast(new Change(++sequence, notification.getParameter()));
            if (kept.size() > KEPT) {
                kept.removeFirst();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        if (listener != null) {
            listener.interrupt();
        }
    }
}
