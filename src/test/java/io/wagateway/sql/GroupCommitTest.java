package io.wagateway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wagateway.support.SharedPostgres;
import io.wagateway.support.TestPostgres;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests that arrive while a commit is underway are written together by the next one, each caller going on
 * only once its rows are committed; a failing request fails alone; a lone request commits at once. On a real
 * PostgreSQL: {@code txid_current()} tells which rows one transaction wrote.
 */
class GroupCommitTest {

    private static final String FIRST = "a-first";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> runOrder = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstInside = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newFixedThreadPool(8);
    private volatile Map<String, String> keys = Map.of();
    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactionManager;
    private GroupCommit groupCommit;
    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void startRoutes() throws Exception {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(SharedPostgres.migratedDatabaseUrl());
        dataSource.setUsername(TestPostgres.USER);
        dataSource.setMaximumPoolSize(10);
        jdbc = new JdbcTemplate(dataSource);
        // a key is unique when the transaction commits, not at its insert: a batch can fail at its commit
        jdbc.execute("CREATE TABLE rows_written (name text PRIMARY KEY CHECK (name <> 'refused'), key text,"
                + " txid bigint NOT NULL, CONSTRAINT one_per_key UNIQUE (key) DEFERRABLE INITIALLY DEFERRED)");
        transactionManager = new DataSourceTransactionManager(dataSource);
        groupCommit = new GroupCommit(transactionManager, meters, 64, 1);

        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:write").routeId("write")
                        .errorHandler(noErrorHandler())
                        .policy(groupCommit.orderedBy(exchange -> exchange.getMessage().getBody(String.class)))
                        .process(exchange -> write(exchange.getMessage().getBody(String.class)))
                        .setBody(simple("stored ${body} on ${threadName}"));
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        releaseFirst.countDown();
        callers.shutdownNow();
        camel.close();
        dataSource.close();
    }

    @Test
    void requestsArrivingWhileACommitIsUnderwayShareTheNextOneAndEachGoesOnOnlyOnceItsRowIsCommitted()
            throws Exception {
        Future<String> first = whileTheFirstCommitWaits();
        List<String> names = List.of("e", "d", "c", "b");
        List<Future<Boolean>> others = new ArrayList<>();
        for (String name : names) {
            others.add(callers.submit(() -> {
                producer.requestBody("direct:write", name, String.class);
                // the caller goes on: its row is there for everybody else to read
                return jdbc.queryForObject("SELECT count(*) FROM rows_written WHERE name = ?", Long.class, name) == 1;
            }));
        }
        awaitWaiting(names.size());
        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("stored a-first");
        for (Future<Boolean> other : others) {
            assertThat(other.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT txid) FROM rows_written WHERE name <> ?", Long.class,
                FIRST)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT txid) FROM rows_written", Long.class)).isEqualTo(2);
        // the batch ran in the order of the lock keys, not of arrival
        assertThat(runOrder).containsExactly(FIRST, "b", "c", "d", "e");
        assertThat(meters.summary("wagateway.commit.batch.size").max()).isEqualTo(4);
    }

    @Test
    void aRequestThatFailsInASharedCommitFailsAloneAndItsNeighboursAreCommittedAsTheyCame() throws Exception {
        Future<String> first = whileTheFirstCommitWaits();
        Future<String> before = callers.submit(() -> producer.requestBody("direct:write", "b", String.class));
        Future<String> refused = callers.submit(() -> producer.requestBody("direct:write", "refused", String.class));
        Future<String> after = callers.submit(() -> producer.requestBody("direct:write", "z", String.class));
        awaitWaiting(3);
        releaseFirst.countDown();

        first.get(10, TimeUnit.SECONDS);
        // each body as its request came: the failed batch's steps did not run twice on it
        assertThat(before.get(10, TimeUnit.SECONDS)).startsWith("stored b on");
        assertThat(after.get(10, TimeUnit.SECONDS)).startsWith("stored z on");
        Throwable failure = catchThrowable(() -> refused.get(10, TimeUnit.SECONDS));
        assertThat(failure).hasCauseInstanceOf(CamelExecutionException.class)
                .hasStackTraceContaining("rows_written_name_check");
        assertThat(names()).containsExactly(FIRST, "b", "z");
    }

    @Test
    void aSharedCommitThatFailsAtTheCommitIsRetriedRequestByRequest() throws Exception {
        // b and c take the same key: allowed until the commit, when it fails the whole batch
        keys = Map.of("b", "shared", "c", "shared");
        Future<String> first = whileTheFirstCommitWaits();
        List<Future<String>> others = new ArrayList<>();
        for (String name : List.of("b", "c", "d")) {
            others.add(callers.submit(() -> producer.requestBody("direct:write", name, String.class)));
        }
        awaitWaiting(3);
        releaseFirst.countDown();

        first.get(10, TimeUnit.SECONDS);
        assertThat(others.get(0).get(10, TimeUnit.SECONDS)).startsWith("stored b");
        assertThat(catchThrowable(() -> others.get(1).get(10, TimeUnit.SECONDS)))
                .hasStackTraceContaining("one_per_key");
        assertThat(others.get(2).get(10, TimeUnit.SECONDS)).startsWith("stored d");
        assertThat(names()).containsExactly(FIRST, "b", "d");
        // alone, each in a transaction of its own
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT txid) FROM rows_written", Long.class)).isEqualTo(3);
    }

    @Test
    void anErrorThrownByOneRequestsStepsFailsThatRequestAloneAndItsNeighbourIsCommitted() throws Exception {
        Future<String> first = whileTheFirstCommitWaits();
        Future<String> neighbour = callers.submit(() -> producer.requestBody("direct:write", "b", String.class));
        Future<String> broken = callers.submit(() -> producer.requestBody("direct:write", "error", String.class));
        awaitWaiting(2);
        releaseFirst.countDown();

        first.get(10, TimeUnit.SECONDS);
        assertThat(catchThrowable(() -> broken.get(10, TimeUnit.SECONDS)))
                .hasCauseInstanceOf(CamelExecutionException.class).hasStackTraceContaining("a step broke");
        assertThat(neighbour.get(10, TimeUnit.SECONDS)).startsWith("stored b");
        assertThat(names()).containsExactly(FIRST, "b");
    }

    @Test
    void anErrorFromASharedCommitItselfFailsEveryRequestInItInsteadOfLettingThemGoOnAsIfCommitted()
            throws Exception {
        Future<String> first = whileTheFirstCommitWaits();
        Future<String> neighbour = callers.submit(() -> producer.requestBody("direct:write", "b", String.class));
        Future<String> breaking = callers.submit(() -> producer.requestBody("direct:write", "commit-error",
                String.class));
        awaitWaiting(2);
        releaseFirst.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (Future<String> failed : List.of(neighbour, breaking)) {
            assertThat(catchThrowable(() -> failed.get(10, TimeUnit.SECONDS)))
                    .hasCauseInstanceOf(CamelExecutionException.class)
                    .hasStackTraceContaining("ended without an outcome").hasStackTraceContaining("the commit broke");
        }
        assertThat(names()).containsExactly(FIRST);
    }

    @Test
    void aLoneRequestCommitsAtOnceOnTheCallersOwnThread() throws Exception {
        String caller = callers.submit(() -> Thread.currentThread().getName()
                + "|" + producer.requestBody("direct:write", "alone", String.class)).get(10, TimeUnit.SECONDS);

        String[] thread = caller.split("\\|");
        assertThat(thread[1]).isEqualTo("stored alone on " + thread[0]);
        assertThat(names()).containsExactly("alone");
        assertThat(meters.summary("wagateway.commit.batch.size").count()).isEqualTo(1);
    }

    @Test
    void stepsReachedInsideATransactionJoinItAndRollBackWithIt() {
        new TransactionTemplate(transactionManager).executeWithoutResult(transaction -> {
            producer.requestBody("direct:write", "inside");
            assertThat(meters.summary("wagateway.commit.batch.size").count()).isZero();
            transaction.setRollbackOnly();
        });

        assertThat(names()).isEmpty();
    }

    /** The first request is inside its commit, holding it open until {@link #releaseFirst}. */
    private Future<String> whileTheFirstCommitWaits() throws InterruptedException {
        Future<String> first = callers.submit(() -> producer.requestBody("direct:write", FIRST, String.class));
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private void write(String name) throws InterruptedException {
        runOrder.add(name);
        jdbc.update("INSERT INTO rows_written (name, key, txid) VALUES (?, ?, txid_current())", name,
                keys.getOrDefault(name, name));
        if ("error".equals(name)) {
            throw new AssertionError("a step broke");
        }
        if ("commit-error".equals(name)) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    throw new AssertionError("the commit broke");
                }
            });
        }
        if (FIRST.equals(name)) {
            firstInside.countDown();
            assertThat(releaseFirst.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private void awaitWaiting(int requests) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (groupCommit.waiting() < requests) {
            assertThat(System.nanoTime()).as("requests waiting for the commit").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private List<String> names() {
        return jdbc.queryForList("SELECT name FROM rows_written ORDER BY name", String.class);
    }
}
