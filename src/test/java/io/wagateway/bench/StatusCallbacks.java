package io.wagateway.bench;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The status callbacks the providers send for every message they accepted: {@code sent}, {@code delivered} and
 * {@code read}, Twilio's to the send's {@code StatusCallback} URL, Meta's as notifications to the webhook.
 * {@code sent} is posted at once, while the fake's answer to the send is still on its way, so it usually
 * reaches the gateway before the message's id is stored (the gateway keeps it in
 * {@code early_delivery_statuses} and applies it later); {@code delivered} and {@code read} follow after
 * {@link #DELIVERED_AFTER_MS} and {@link #READ_AFTER_MS}, as a phone that is online would answer.
 */
final class StatusCallbacks implements AutoCloseable {

    static final long DELIVERED_AFTER_MS = 300;
    static final long READ_AFTER_MS = 1500;
    /** Callbacks per reply to a Twilio or Meta conversation. */
    static final int PER_REPLY = 3;

    private final Webhooks webhooks;
    private final ExecutorService posters;
    private final ScheduledExecutorService timer;
    private final ThreadConnections connection;
    private final LongAdder posted = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile WebhookResults window = new WebhookResults();
    private volatile boolean running = true;

    StatusCallbacks(WebhookLoad.Target target, Webhooks webhooks, int posterThreads) {
        this.webhooks = webhooks;
        this.posters = Executors.newFixedThreadPool(posterThreads, ThreadConnections.daemons("bench-status"));
        this.timer = Executors.newSingleThreadScheduledExecutor(ThreadConnections.daemons("bench-status-timer"));
        this.connection = new ThreadConnections(target);
    }

    /** Twilio accepted a message: its callbacks go to {@code callbackUrl} (none when the send gave none). */
    void twilioAccepted(String callbackUrl, String messageSid, String to) {
        if (callbackUrl != null) {
            schedule(status -> webhooks.twilioStatus(callbackUrl, messageSid, to, status));
        }
    }

    /** The Graph API accepted a message to {@code recipientDigits}. */
    void metaAccepted(String wamid, String recipientDigits) {
        schedule(status -> webhooks.metaStatus(wamid, recipientDigits, status));
    }

    /** Callbacks posted so far (acknowledged or not). */
    long posted() {
        return posted.sum();
    }

    long acknowledged() {
        return acknowledged.sum();
    }

    long failed() {
        return failed.sum();
    }

    /** The answers since the last call (latency and errors of the callbacks of one measured window). */
    WebhookResults nextWindow() {
        WebhookResults ended = window;
        window = new WebhookResults();
        return ended;
    }

    /** No more callbacks from here on (the gateway is about to stop): what is still due is dropped. */
    void stop() {
        running = false;
    }

    private void schedule(java.util.function.Function<String, Request> callback) {
        if (!running) {
            return;
        }
        long now = System.nanoTime();
        posters.execute(() -> post(callback.apply("sent"), now));
        timer.schedule(() -> posters.execute(() -> post(callback.apply("delivered"),
                now + DELIVERED_AFTER_MS * 1_000_000)), DELIVERED_AFTER_MS, TimeUnit.MILLISECONDS);
        timer.schedule(() -> posters.execute(() -> post(callback.apply("read"), now + READ_AFTER_MS * 1_000_000)),
                READ_AFTER_MS, TimeUnit.MILLISECONDS);
    }

    /** Latency runs from when the callback was due, as in the open loop: a backed-up gateway shows as latency. */
    private void post(Request request, long due) {
        if (!running) {
            return;
        }
        WebhookResults results = window;
        posted.increment();
        try {
            HttpConnection.Response response = connection.get().post(request);
            results.record(response, System.nanoTime() - due);
            (response.status() == 200 ? acknowledged : failed).increment();
        } catch (IOException e) {
            results.failed(WebhookResults.kindOf(e));
            failed.increment();
        }
    }

    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
        posters.shutdownNow();
        try {
            posters.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
