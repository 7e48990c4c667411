package io.wagateway.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One keep-alive connection to the gateway per sending thread (opened on the thread's first request), all closed
 * together; and the daemon threads that send, so that a harness that stops never waits for them.
 */
final class ThreadConnections implements AutoCloseable {

    private final List<HttpConnection> opened = Collections.synchronizedList(new ArrayList<>());
    private final ThreadLocal<HttpConnection> connection;

    ThreadConnections(WebhookLoad.Target target) {
        this.connection = ThreadLocal.withInitial(() -> {
            HttpConnection connected = target.connect();
            opened.add(connected);
            return connected;
        });
    }

    /** The calling thread's connection. */
    HttpConnection get() {
        return connection.get();
    }

    @Override
    public void close() {
        opened.forEach(HttpConnection::close);
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}... */
    static ThreadFactory daemons(String prefix) {
        AtomicInteger threads = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
