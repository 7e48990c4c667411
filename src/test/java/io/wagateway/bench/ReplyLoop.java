package io.wagateway.bench;

import io.wagateway.bench.Conversations.Conversation;
import io.wagateway.bench.Webhooks.Webhook;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The whole loop, webhook to reply: simulated users who each write one message, wait until the gateway's
 * reply reaches the fake provider, then write again (in the same conversation with the conversations'
 * repeat share, else in a new one). One message at a time per conversation makes every reply answer
 * exactly one known message, so its webhook-to-send latency is exact and a second reply is visible.
 * Users are added level by level; each level is measured after it settled.
 */
final class ReplyLoop implements AutoCloseable {

    /** One measured level: users, replies per second and their latency, the acks of that time. */
    record Level(int users, double seconds, long replies, double perSecond, double p50Ms, double p99Ms,
                 LoadResult acks) {
    }

    private record Outstanding(Conversation conversation, long sentAt) {
    }

    private final Webhooks webhooks;
    private final Conversations conversations;
    private final ExecutorService senders;
    private final ThreadConnections connection;
    private final Map<String, Outstanding> outstanding = new ConcurrentHashMap<>();
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private volatile boolean running = true;
    private volatile Window window;
    private int users;

    private static final class Window {
        final long start = System.nanoTime();
        final Latencies latencies = new Latencies();
        final WebhookResults acks = new WebhookResults();
        final LongAdder replies = new LongAdder();
    }

    /** Something done at an edge of a measured window. */
    interface Edge {
        void run() throws Exception;
    }

    ReplyLoop(WebhookLoad.Target target, Webhooks webhooks, Conversations conversations, ReplyLedger ledger,
              int senderThreads) {
        this.webhooks = webhooks;
        this.conversations = conversations;
        this.senders = Executors.newFixedThreadPool(senderThreads, ThreadConnections.daemons("bench-loop"));
        this.connection = new ThreadConnections(target);
        ledger.listen(this::replied);
    }

    /** Adds users up to {@code totalUsers}, lets the loop settle, then measures it for {@code seconds}. */
    Level level(int totalUsers, double settleSeconds, double seconds) throws Exception {
        return level(totalUsers, settleSeconds, seconds, () -> { }, () -> { });
    }

    /** As above; {@code atStart} and {@code atEnd} run at the edges of the measured window (snapshots of it). */
    Level level(int totalUsers, double settleSeconds, double seconds, Edge atStart, Edge atEnd) throws Exception {
        for (; users < totalUsers; users++) {
            write(conversations.fresh());
        }
        window = null;
        Thread.sleep((long) (settleSeconds * 1000));
        atStart.run();
        Window measured = new Window();
        window = measured;
        Thread.sleep((long) (seconds * 1000));
        window = null;
        atEnd.run();
        window = null;
        double elapsed = (System.nanoTime() - measured.start) / 1e9;
        long replies = measured.replies.sum();
        return new Level(totalUsers, elapsed, replies, replies / elapsed, measured.latencies.percentileMs(50),
                measured.latencies.percentileMs(99), LoadResult.of(totalUsers + " users", elapsed, measured.acks));
    }

    /**
     * Stops writing and waits for the replies still owed: until every message is answered, or the
     * gateway has had no work left ({@code backlog} 0) for two seconds, or {@code capSeconds} passed.
     * Returns how many messages never got a reply.
     */
    int finish(Callable<Long> backlog, double capSeconds) throws Exception {
        running = false;
        long deadline = System.nanoTime() + (long) (capSeconds * 1e9);
        long idleSince = 0;
        while (!outstanding.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            if (backlog.call() > 0) {
                idleSince = 0;
            } else if (idleSince == 0) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > 2_000_000_000L) {
                break;
            }
        }
        return outstanding.size();
    }

    /** Messages written in this loop so far. */
    long sent() {
        return sent.sum();
    }

    /** Replies to a conversation of this loop that had no unanswered message: a second reply to one message. */
    long duplicates() {
        return duplicates.sum();
    }

    private void write(Conversation conversation) {
        Webhook webhook = webhooks.message(conversation);
        used.add(conversation.recipient());
        // registered before posting: the reply may reach the fake before the acknowledgement reaches us
        outstanding.put(conversation.recipient(), new Outstanding(conversation, System.nanoTime()));
        sent.increment();
        senders.execute(() -> post(webhook));
    }

    private void post(Webhook webhook) {
        long start = System.nanoTime();
        Window current = window;
        try {
            HttpConnection.Response response = connection.get().post(webhook.request());
            if (current != null) {
                current.acks.record(response, System.nanoTime() - start);
            }
            if (response.status() != 200) {
                retire(webhook.conversation());
            }
        } catch (IOException e) {
            if (current != null) {
                current.acks.failed(WebhookResults.kindOf(e));
            }
            retire(webhook.conversation());
        }
    }

    /** A refused message gets no reply: the user starts over in a new conversation. */
    private void retire(Conversation conversation) {
        if (outstanding.remove(conversation.recipient()) != null && running) {
            write(conversations.fresh());
        }
    }

    private void replied(String recipient) {
        long now = System.nanoTime();
        Outstanding answered = outstanding.remove(recipient);
        if (answered == null) {
            if (used.contains(recipient)) {
                duplicates.increment();
            }
            return;
        }
        Window current = window;
        if (current != null) {
            current.replies.increment();
            current.latencies.add(now - answered.sentAt());
        }
        if (running) {
            boolean again = ThreadLocalRandom.current().nextDouble() < conversations.repeatShare();
            write(again ? answered.conversation() : conversations.fresh());
        }
    }

    @Override
    public void close() {
        running = false;
        senders.shutdownNow();
        try {
            senders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
