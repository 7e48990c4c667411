package io.wagateway.sql;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits shared by requests that arrive together (application-level group commit). A route's steps after
 * {@code .policy(groupCommit)} are committed as with {@link InTransaction}, and the caller goes on only after the
 * commit that holds its rows; but while {@code concurrency} transactions are already committing, the requests that
 * arrive wait in line, and the next free committer writes all of them, up to {@code maxBatch}, in one
 * transaction. A lone request finds a committer free and commits at once on its own thread: the batch grows
 * with the load, no timer delays anyone.
 *
 * <p>A batch in which one request's steps fail (or whose commit fails) is rolled back and every request in it
 * is run again in a transaction of its own, from the body and variables it came with: a bad row fails only its
 * own request, with its own failure. Inside a batch the requests run in the order of their {@link #orderedBy
 * lock key} (the conversation they write, say), so that two batches take their row locks in the same order
 * and cannot deadlock each other.
 *
 * <p>Steps reached from inside a transaction (a worker's) join that transaction, as {@link InTransaction}'s
 * would.
 */
@Component(GroupCommit.BEAN)
public class GroupCommit implements Policy {

    /** The bean's name, for {@code policy: {ref: groupCommit}} in YAML routes. */
    public static final String BEAN = "groupCommit";

    private static final Comparator<Request> LOCK_ORDER = Comparator.comparing(Request::lockKey);

    private final TransactionTemplate transactions;
    private final DistributionSummary batchSizes;
    private final int maxBatch;
    private final int concurrency;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private int committing;

    public GroupCommit(PlatformTransactionManager transactionManager, MeterRegistry meters,
                       @Value("${gateway.group-commit.max-batch:64}") int maxBatch,
                       @Value("${gateway.group-commit.concurrency:2}") int concurrency) {
        if (maxBatch < 1 || concurrency < 1) {
            throw new IllegalArgumentException("gateway.group-commit.max-batch and .concurrency must be at least 1, "
                    + "not " + maxBatch + " and " + concurrency);
        }
        this.transactions = new TransactionTemplate(transactionManager);
        this.batchSizes = DistributionSummary.builder("wagateway.commit.batch.size")
                .description("Requests written by one shared commit (1: a lone request)").register(meters);
        this.maxBatch = maxBatch;
        this.concurrency = concurrency;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare: the wrapped steps are the route's own
    }

    @Override
    public Processor wrap(Route route, Processor steps) {
        return orderedBy(exchange -> "").wrap(route, steps);
    }

    /**
     * The same commits, with the requests of a batch run in the order of {@code lockKey}: the key of the rows
     * the steps lock first (requests of different routes sharing a batch are ordered by their keys alike, so
     * give keys that do not collide across routes, e.g. with a prefix).
     */
    public Policy orderedBy(Function<Exchange, String> lockKey) {
        return new Policy() {
            @Override
            public void beforeWrap(Route route, NamedNode definition) {
                // nothing to prepare
            }

            @Override
            public Processor wrap(Route route, Processor steps) {
                return exchange -> {
                    if (TransactionSynchronizationManager.isActualTransactionActive()) {
                        runSteps(new Request(exchange, steps, ""));
                    } else {
                        commit(new Request(exchange, steps, lockKey.apply(exchange)));
                    }
                };
            }
        };
    }

    /** Waits until a batch holding the request has committed or rolled back, committing batches when it may. */
    private void commit(Request request) {
        lock.lock();
        try {
            waiting.add(request);
            while (!request.done) {
                if (committing < concurrency && !waiting.isEmpty()) {
                    List<Request> batch = nextBatch();
                    committing++;
                    lock.unlock();
                    Throwable broken = null;
                    try {
                        write(batch);
                    } catch (Throwable e) {
                        // an Error from the commit itself: each request fails with it (below), none goes on as if
                        // committed; thrown further, it would leave the callers' exchanges unanswered
                        broken = e;
                    } finally {
                        lock.lock();
                        committing--;
                        for (Request settled : batch) {
                            settled.settle(broken);
                        }
                        committed.signalAll();
                    }
                } else {
                    committed.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a committer (for tests). */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private List<Request> nextBatch() {
        List<Request> batch = new ArrayList<>(Math.min(waiting.size(), maxBatch));
        while (!waiting.isEmpty() && batch.size() < maxBatch) {
            batch.add(waiting.poll());
        }
        return batch;
    }

    private void write(List<Request> batch) {
        batchSizes.record(batch.size());
        if (batch.size() == 1) {
            alone(batch.get(0));
            return;
        }
        batch.sort(LOCK_ORDER);
        try {
            transactions.executeWithoutResult(transaction -> {
                for (Request request : batch) {
                    runSteps(request);
                    if (request.failed()) {
                        throw new BatchRolledBack();
                    }
                }
            });
            batch.forEach(request -> request.outcomeKnown = true);
        } catch (RuntimeException batchFailed) {
            // one request failed, or the commit did: each again on its own, so that only its own failure is seen
            batch.forEach(request -> {
                request.restore();
                alone(request);
            });
        }
    }

    private void alone(Request request) {
        try {
            transactions.executeWithoutResult(transaction -> {
                runSteps(request);
                if (request.failed()) {
                    transaction.setRollbackOnly();
                }
            });
        } catch (RuntimeException e) {
            // the commit failed (the database went away in between, a deferred constraint)
            request.exchange.setException(e);
        }
        request.outcomeKnown = true;
    }

    private static void runSteps(Request request) {
        try {
            request.steps.process(request.exchange);
        } catch (Exception e) {
            request.exchange.setException(e);
        } catch (Error e) {
            // a step's Error is that request's failure, not its neighbours'
            request.exchange.setException(new IllegalStateException("a step failed: " + e, e));
        }
    }

    /** One caller's exchange and steps, with what it came with, to run it again alone after a failed batch. */
    private static final class Request {

        private final Exchange exchange;
        private final Processor steps;
        private final String lockKey;
        private final Object body;
        private final Map<String, Object> variables;
        /** Committed, or failed with its own failure (written and read by the committing thread only). */
        private boolean outcomeKnown;
        /** Its caller may go on (under the lock). */
        private boolean done;

        Request(Exchange exchange, Processor steps, String lockKey) {
            this.exchange = exchange;
            this.steps = steps;
            this.lockKey = lockKey == null ? "" : lockKey;
            this.body = exchange.getMessage().getBody();
            this.variables = exchange.hasVariables() ? new HashMap<>(exchange.getVariables()) : Map.of();
        }

        String lockKey() {
            return lockKey;
        }

        boolean failed() {
            return exchange.getException() != null || exchange.isRollbackOnly();
        }

        /**
         * Lets its caller go on; one whose batch ended without an outcome ({@code broken}: an {@link Error} from the
         * commit) fails rather than go on as if committed.
         */
        void settle(Throwable broken) {
            if (!outcomeKnown) {
                exchange.setException(new IllegalStateException("the shared commit holding this request ended "
                        + "without an outcome", broken));
            }
            done = true;
        }

        void restore() {
            exchange.setException(null);
            exchange.setRollbackOnly(false);
            exchange.getMessage().setBody(body);
            exchange.removeVariable("*");
            variables.forEach(exchange::setVariable);
        }
    }

    /** Ends a batch's transaction with a rollback: one of its requests failed. */
    private static final class BatchRolledBack extends RuntimeException {

        BatchRolledBack() {
            super("a request of the batch failed", null, false, false);
        }
    }
}
