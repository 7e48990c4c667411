package io.wagateway.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Every reply that reached a fake provider, by recipient ({@code twilio:<digits>}, {@code kommo:<chat>}...). */
final class ReplyLedger {

    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> byProvider = new ConcurrentHashMap<>();
    private volatile Consumer<String> listener = recipient -> { };

    void record(String recipient) {
        total.increment();
        byProvider.computeIfAbsent(recipient.substring(0, recipient.indexOf(':')), p -> new LongAdder()).increment();
        listener.accept(recipient);
    }

    long total() {
        return total.sum();
    }

    Map<String, Long> byProvider() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        byProvider.forEach((provider, count) -> counts.put(provider, count.sum()));
        return counts;
    }

    /** Called on the fake's thread for every reply, until replaced. */
    void listen(Consumer<String> onReply) {
        this.listener = onReply;
    }
}
