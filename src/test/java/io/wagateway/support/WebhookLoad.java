package io.wagateway.support;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of webhooks: a new message of a new sender every {@code interval}, Twilio, Meta and Kommo
 * in turn, posted without waiting for the previous answers, each answer recorded with its latency.
 */
public final class WebhookLoad implements AutoCloseable {

    /** One webhook and what came back: a status and body, or the client's error (e.g. a timeout). */
    public record Attempt(InboundMessage message, long startedAt, long answeredAt, int status, String body,
                          Throwable error) {

        public Duration latency() {
            return Duration.ofNanos(answeredAt - startedAt);
        }
    }

    private final int port;
    private final String run;
    // a daemon: a test that fails half-way does not keep the JVM alive with its load
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "webhook-load");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentLinkedQueue<CompletableFuture<Attempt>> inFlight = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Attempt> answered = new ConcurrentLinkedQueue<>();

    private WebhookLoad(int port, String run) {
        this.port = port;
        this.run = run;
    }

    public static WebhookLoad start(int port, String run, Duration interval) {
        WebhookLoad load = new WebhookLoad(port, run);
        load.ticker.scheduleAtFixedRate(load::postNext, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return load;
    }

    private void postNext() {
        InboundMessage message = InboundMessage.mix(run, next.getAndIncrement(), 1).get(0);
        long startedAt = System.nanoTime();
        CompletableFuture<Attempt> attempt = message.postAsync(port).handle(
                (HttpResponse<String> response, Throwable e) -> response == null
                        ? new Attempt(message, startedAt, System.nanoTime(), 0, null, e)
                        : new Attempt(message, startedAt, System.nanoTime(), response.statusCode(),
                                response.body(), null));
        inFlight.add(attempt.thenApply(done -> {
            answered.add(done);
            return done;
        }));
    }

    /** Answers with {@code status} to webhooks posted after {@code nanoTime}. */
    public long answeredAfter(long nanoTime, int status) {
        return answered.stream().filter(a -> a.startedAt() > nanoTime && a.status() == status).count();
    }

    /** Stops posting and waits for every answer; every attempt, in the order they were started. */
    public List<Attempt> stop() {
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the load did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<Attempt> all = new ArrayList<>();
        inFlight.forEach(attempt -> all.add(attempt.join()));
        all.sort(java.util.Comparator.comparingLong(Attempt::startedAt));
        return all;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
