package io.wagateway.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the gateway answered to a batch of webhooks: acknowledgements with their latency, and errors by kind. */
final class WebhookResults {

    private final Latencies ackLatencies = new Latencies();
    private final LongAdder acks = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** A {@code 200}, {@code nanos} after the webhook was (or, in an open loop, should have been) sent. */
    void acknowledged(long nanos) {
        acks.increment();
        ackLatencies.add(nanos);
    }

    /** Anything else: another status (as its number) or an I/O failure (as its message). */
    void failed(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void record(HttpConnection.Response response, long nanos) {
        if (response.status() == 200) {
            acknowledged(nanos);
        } else {
            failed(Integer.toString(response.status()));
        }
    }

    long acks() {
        return acks.sum();
    }

    long errors() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errorKinds() {
        Map<String, Long> kinds = new TreeMap<>();
        errors.forEach((kind, count) -> kinds.put(kind, count.sum()));
        return kinds;
    }

    /** These answers and {@code other}'s together (webhooks of two kinds in one window). */
    WebhookResults plus(WebhookResults other) {
        WebhookResults both = new WebhookResults();
        for (WebhookResults part : new WebhookResults[] {this, other}) {
            both.acks.add(part.acks.sum());
            both.ackLatencies.addAll(part.ackLatencies);
            part.errors.forEach((kind, count) -> both.errors.computeIfAbsent(kind, k -> new LongAdder())
                    .add(count.sum()));
        }
        return both;
    }

    Latencies latencies() {
        return ackLatencies;
    }

    static String kindOf(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
