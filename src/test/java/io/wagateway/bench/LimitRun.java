package io.wagateway.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * PostgreSQL's own limit for the gateway's work: {@link LimitWorkload} from N threads, each with its
 * own connection, by plain JDBC, for a fixed time. Messages per second counts committed webhook
 * transactions; the replies stored and sent in the same time show the rest of the work kept up.
 */
final class LimitRun {

    /** One message's work on a connection of its own: the gateway's statements, or the anchor's. */
    interface Workload {
        LimitWorkload.Outcome message(Connection connection, String workerId) throws SQLException;
    }

    record Level(int threads, double seconds, long messages, double perSecond, long replies, long sends,
                 double inboundP50Ms, double inboundP99Ms, Map<String, Long> errors) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("threads", threads);
            json.put("seconds", Report.round(seconds, 2));
            json.put("messages", messages);
            json.put("per_s", Report.round(perSecond, 1));
            json.put("replies", replies);
            json.put("sends", sends);
            json.put("inbound_tx_p50_ms", Report.round(inboundP50Ms, 2));
            json.put("inbound_tx_p99_ms", Report.round(inboundP99Ms, 2));
            json.put("errors", errors);
            return json;
        }
    }

    private final String jdbcUrl;
    private final Properties credentials;
    private final Workload workload;

    LimitRun(String jdbcUrl, String user, String password, Workload workload) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.workload = workload;
    }

    Level run(int threads, double seconds) throws InterruptedException, SQLException {
        LongAdder messages = new LongAdder();
        LongAdder replies = new LongAdder();
        LongAdder sends = new LongAdder();
        Latencies inbound = new Latencies();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        AtomicReference<RuntimeException> broken = new AtomicReference<>();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            connections.add(DriverManager.getConnection(jdbcUrl, credentials));
        }
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Connection connection = connections.get(i);
            String workerId = "bench-limit-" + i;
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                    while (System.nanoTime() < window[1] && broken.get() == null) {
                        try {
                            LimitWorkload.Outcome outcome = workload.message(connection, workerId);
                            messages.increment();
                            inbound.add(outcome.inboundNanos());
                            if (outcome.replied()) {
                                replies.increment();
                            }
                            if (outcome.sent()) {
                                sends.increment();
                            }
                        } catch (SQLException e) {
                            errors.computeIfAbsent(String.valueOf(e.getSQLState()), k -> new LongAdder()).increment();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    broken.set(e);
                }
            }, workerId);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + (long) (seconds * 1e9);
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        for (Connection connection : connections) {
            connection.close();
        }
        if (broken.get() != null) {
            throw broken.get();
        }
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((state, count) -> errorCounts.put(state, count.sum()));
        return new Level(threads, elapsed, messages.sum(), messages.sum() / elapsed, replies.sum(), sends.sum(),
                inbound.percentileMs(50), inbound.percentileMs(99), errorCounts);
    }
}
