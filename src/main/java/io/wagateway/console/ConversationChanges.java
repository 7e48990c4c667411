package io.wagateway.console;

import io.wagateway.sql.Sql;
import io.wagateway.worker.WorkerIdentity;
import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What changed, for the consoles' short poll ({@code GET /api/changes}): the ids of the conversations whose
 * messages, media, delivery statuses or status changed, committed by any instance on the same database. A poll is
 * answered from memory, without a query.
 *
 * <p>While consoles poll this instance it keeps a row in {@code console_watchers}, and then only do V12's triggers
 * record changes in {@code conversation_changes} (not NOTIFY: PostgreSQL serializes the commits of transactions
 * that notify). A thread of its own reads the recent ones every {@value #POLL_MS} ms, looking back
 * {@value #OVERLAP_SECONDS} s (a change is seen when its transaction commits, not when it was written) and skipping
 * the ids it has seen. The first poll starts it (and is answered {@code reset}: load everything), {@value #IDLE_MS} ms
 * without a poll stops it and removes the row. A cursor names the watching session it was given by
 * ({@code <session>.<sequence>}); a cursor of another session (another instance behind a load balancer, or a session
 * that failed and so may have missed changes), or one older than the {@value #KEPT} changes kept, is answered
 * {@code reset} too.
 */
@Component("conversationChanges")
public class ConversationChanges {

    static final int KEPT = 2000;
    static final long IDLE_MS = 60_000;
    static final long POLL_MS = 250;
    static final int OVERLAP_SECONDS = 5;
    private static final int WATCH_SECONDS = 30;
    private static final long RENEW_MS = 10_000;
    private static final int KEEP_SECONDS = 60;
    private static final long PRUNE_MS = 30_000;
    private static final long RETRY_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ConversationChanges.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RECENT = Sql.forJdbc("conversation_changes/recent");
    private static final String PRUNE = Sql.forJdbc("conversation_changes/prune");
    private static final String WATCH = Sql.forJdbc("console_watchers/watch");
    private static final String UNWATCH = Sql.forJdbc("console_watchers/unwatch");

    private record Change(long sequence, String conversationId) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final String instance;
    private final Deque<Change> kept = new ArrayDeque<>();
    /** The change ids read lately, with when, so that the overlapping reads keep each change once. */
    private final Map<Long, Long> seen = new LinkedHashMap<>();
    private String session;
    private long sequence;
    private long lastPollAt;
    private Thread watcher;
    private boolean stopped;

    public ConversationChanges(NamedParameterJdbcTemplate jdbc, WorkerIdentity worker) {
        this.jdbc = jdbc;
        this.instance = worker.id();
    }

    /**
     * {@code {"cursor": "<session>.<sequence>" or null while the watcher connects, "reset": true when the caller
     * must load everything again, "conversations": [ids changed since the cursor]}}.
     */
    public synchronized Map<String, Object> since(String cursor) {
        lastPollAt = System.currentTimeMillis();
        startWatching();
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

    private void startWatching() {
        if (watcher == null && !stopped) {
            watcher = new Thread(this::watch, "console-changes");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    /** While consoles poll: watch, read the recent changes, keep the new ones; after a failure, a new session. */
    private void watch() {
        while (polled()) {
            try {
                watchFor();
            } catch (RuntimeException e) {
                LOG.warn("Console changes: reading them failed ({}); trying again", e.toString());
                closed();
                pause(RETRY_MS);
            } finally {
                unwatch();
            }
        }
        closed();
    }

    private void watchFor() {
        Map<String, Object> watch = Map.of("instance", instance, "watchSeconds", WATCH_SECONDS);
        jdbc.update(WATCH, watch);
        opened();
        long renewedAt = System.currentTimeMillis();
        long prunedAt = renewedAt;
        while (polled()) {
            long now = System.currentTimeMillis();
            if (now - renewedAt >= RENEW_MS) {
                jdbc.update(WATCH, watch);
                renewedAt = now;
            }
            if (now - prunedAt >= PRUNE_MS) {
                jdbc.update(PRUNE, Map.of("keepSeconds", KEEP_SECONDS));
                prunedAt = now;
            }
            keep(jdbc.queryForList(RECENT, Map.of("overlapSeconds", OVERLAP_SECONDS)), now);
            pause(POLL_MS);
        }
    }

    private void unwatch() {
        try {
            jdbc.update(UNWATCH, Map.of("instance", instance));
        } catch (DataAccessException e) {
            LOG.debug("Console changes: the watch row stays until it expires: {}", e.toString());
        }
    }

    /** Whether this watcher is still wanted: a console polled lately; else it stops (a poll starts another). */
    private synchronized boolean polled() {
        boolean mine = watcher == Thread.currentThread();
        boolean active = mine && !stopped && System.currentTimeMillis() - lastPollAt < IDLE_MS;
        if (!active && mine) {
            watcher = null;
        }
        return active;
    }

    private synchronized void opened() {
        if (watcher == Thread.currentThread()) {
            session = Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
            sequence = 0;
            kept.clear();
            seen.clear();
        }
    }

    /** No session until the next watch: what happens meanwhile is not seen, so every cursor asks for a reset. */
    private synchronized void closed() {
        if (watcher == null || watcher == Thread.currentThread()) {
            session = null;
            kept.clear();
        }
    }

    private synchronized void keep(List<Map<String, Object>> recent, long now) {
        if (watcher != Thread.currentThread()) {
            return;
        }
        seen.values().removeIf(readAt -> now - readAt > 2L * OVERLAP_SECONDS * 1000);
        for (Map<String, Object> change : recent) {
            if (seen.putIfAbsent(((Number) change.get("id")).longValue(), now) == null) {
                kept.addLast(new Change(++sequence, (String) change.get("conversationId")));
                if (kept.size() > KEPT) {
                    kept.removeFirst();
                }
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }
}
