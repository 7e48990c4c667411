package io.wagateway.worker;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Wakes the reply workers when the next job is due (the end of a debounce, a retry's backoff), so a reply
 * goes out then and not at the next poll. Only the earliest wake-up is kept: the workers it wakes look for
 * the next due job again and ask for the wake-up after that.
 */
@Component
public class ReplyWakeUp implements DisposableBean {

    /** A job that was due already when asked: woken a moment later, never in a tight loop. */
    static final long MIN_DELAY_MS = 10;
    /** The due time comes from the database's clock: a little late rather than early. */
    static final long MARGIN_MS = 5;
    static final String ROUTE_ID = "reply-wake-up";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reply-wake-up");
        thread.setDaemon(true);
        return thread;
    });
    private final CamelContext camel;
    private final boolean enabled;
    private ProducerTemplate producer;
    private ScheduledFuture<?> next;
    private long nextAtMs = Long.MAX_VALUE;

    public ReplyWakeUp(CamelContext camel, @Value("${gateway.worker.enabled}") boolean enabled) {
        this.camel = camel;
        this.enabled = enabled;
    }

    /** Wakes the workers in {@code delayMs} (none: nothing is waiting), unless a wake-up comes earlier anyway. */
    public synchronized void in(Long delayMs) {
        if (delayMs == null || !enabled || scheduler.isShutdown()) {
            return;
        }
        long delay = Math.max(MIN_DELAY_MS, delayMs + MARGIN_MS);
        long at = System.currentTimeMillis() + delay;
        if (next != null && !next.isDone() && nextAtMs <= at) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        nextAtMs = at;
        next = scheduler.schedule(this::wake, delay, TimeUnit.MILLISECONDS);
    }

    private void wake() {
        synchronized (this) {
            nextAtMs = Long.MAX_VALUE;
            if (producer == null) {
                producer = camel.createProducerTemplate();
            }
        }
        // named like a route, as every exchange of the gateway is: the per-route exchange metrics need the name
        producer.send(Nudge.REPLY, exchange -> exchange.getExchangeExtension().setFromRouteId(ROUTE_ID));
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
