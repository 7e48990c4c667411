package io.wagateway.bench;

import io.wagateway.bench.Webhooks.Webhook;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Posts webhooks to the gateway: a closed loop at a fixed concurrency, or an open loop at a fixed rate. */
final class WebhookLoad {

    /**
     * Where the gateway listens: one instance, or several behind a round-robin balancer (each new connection goes
     * to the next instance, as an L4 balancer in front of them would send it).
     */
    static final class Target {

        private final String host;
        private final List<Integer> ports;
        private final AtomicInteger turn = new AtomicInteger();

        Target(String host, int port) {
            this(host, List.of(port));
        }

        Target(String host, List<Integer> ports) {
            this.host = host;
            this.ports = List.copyOf(ports);
        }

        HttpConnection connect() {
            return new HttpConnection(host, ports.get(Math.floorMod(turn.getAndIncrement(), ports.size())));
        }

        int instances() {
            return ports.size();
        }
    }

    /** How long an open loop waits for answers after its last webhook was due. */
    private static final int OPEN_LOOP_GRACE_SECONDS = 15;

    private final Target target;

    WebhookLoad(Target target) {
        this.target = target;
    }

    /**
     * {@code concurrency} senders, each posting the next webhook as soon as the last one was answered,
     * for {@code seconds}. The rate counts the answers over the time until the last one came back.
     */
    LoadResult closedLoop(String level, int concurrency, double seconds, Supplier<Webhook> webhooks)
            throws InterruptedException {
        WebhookResults results = new WebhookResults();
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong lastAnswer = new AtomicLong();
        long[] window = new long[2];
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread sender = new Thread(() -> {
                try (HttpConnection connection = target.connect()) {
                    ready.countDown();
                    go.await();
                    while (System.nanoTime() < window[1]) {
                        Webhook webhook = webhooks.get();
                        long start = System.nanoTime();
                        try {
                            results.record(connection.post(webhook.request()), System.nanoTime() - start);
                        } catch (IOException e) {
                            results.failed(WebhookResults.kindOf(e));
                        }
                        lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-closed-" + i);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + (long) (seconds * 1e9);
        go.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        double elapsed = Math.max(lastAnswer.get() - window[0], 1) / 1e9;
        return LoadResult.of(level, elapsed, results);
    }

    /**
     * Webhooks at {@code perSecond}, each sent at its planned time whatever happened to the ones before
     * (up to {@code maxInFlight} at once). Latency runs from the planned time, so a stalled gateway shows
     * as latency instead of hiding as a lower rate.
     */
    LoadResult openLoop(String level, int perSecond, double seconds, int maxInFlight, Supplier<Webhook> webhooks)
            throws InterruptedException {
        WebhookResults results = new WebhookResults();
        ThreadConnections connection = new ThreadConnections(target);
        ExecutorService senders = Executors.newFixedThreadPool(maxInFlight, ThreadConnections.daemons("bench-open"));
        long total = Math.round(perSecond * seconds);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime() + 10_000_000L;
        for (long i = 0; i < total; i++) {
            long planned = start + i * interval;
            for (long wait = planned - System.nanoTime(); wait > 0; wait = planned - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            Webhook webhook = webhooks.get();
            senders.execute(() -> {
                try {
                    results.record(connection.get().post(webhook.request()), System.nanoTime() - planned);
                } catch (IOException | RuntimeException e) {
                    // also a connection closed under a sender by the cut-off below
                    results.failed(WebhookResults.kindOf(e));
                }
            });
        }
        senders.shutdown();
        if (!senders.awaitTermination(OPEN_LOOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
            // saturated: what was not even sent by now counts as failed, what is still waiting is cut off
            int neverSent = senders.shutdownNow().size();
            for (int i = 0; i < neverSent; i++) {
                results.failed("not sent: " + maxInFlight + " webhooks still unanswered " + OPEN_LOOP_GRACE_SECONDS
                        + " s after the last was due");
            }
            connection.close();
            senders.awaitTermination(OPEN_LOOP_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        connection.close();
        return LoadResult.of(level, seconds, results);
    }
}
