package io.wagateway.bench;

import io.wagateway.bench.Webhooks.Webhook;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code bench/run.sh}: how close the gateway runs to PostgreSQL's own limit on this machine. Starts the
 * packaged gateway as a separate process (embedded PostgreSQL on a fresh data directory, or
 * {@code SPRING_DATASOURCE_URL}), with fake AI, Twilio, Graph API and Kommo servers and every signature
 * checked, and measures, in this order: start (empty), ack, loop, steady, then limit (the gateway's own
 * SQL by plain JDBC on the same database, the gateway stopped) and start (full). Prints a table and
 * writes {@code target/bench/result.json}. Not a test: a tool compiled with the tests so it never rots.
 */
public final class Bench {

    private final Settings settings;
    private final Report report = new Report();
    private final int runTag = (int) (System.currentTimeMillis() / 1000 % 100);
    private final List<GatewayUnderTest> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether pg_stat_statements counts the statements (the server started with it preloaded). */
    private boolean statementsCounted;
    /** The statements the gateway ran per reply in the loop, for the comparison with the limit's. */
    private Map<String, Double> gatewayStatements;

    private Bench(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Bench bench = new Bench(Settings.parse(args));
        // interrupted (Ctrl-C): the gateway must not outlive the harness
        Runtime.getRuntime().addShutdownHook(new Thread(bench::killAll, "bench-shutdown"));
        try {
            bench.run();
        } finally {
            bench.stopAll();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Path jar = settings.jar() != null ? settings.jar() : findJar(settings.project().resolve("target"));
        Files.createDirectories(settings.out());
        boolean external = hasText(System.getenv("SPRING_DATASOURCE_URL"));
        Path dataDir = settings.out().resolve("pgdata");
        if (!external) {
            deleteRecursively(dataDir);
        }
        int gatewayPort = freePort();
        int databasePort = freePort();
        String base = "http://127.0.0.1:" + gatewayPort;
        int cores = Runtime.getRuntime().availableProcessors();
        report.json.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        report.json.put("mode", settings.mode());
        report.json.put("commit", settings.commit());
        report.json.put("cores", cores);
        report.json.put("machine", GatewayConfiguration.machine());

        try (FakeOutsideWorld fakes = new FakeOutsideWorld()) {
            Map<String, String> environment = GatewayConfiguration.environment(fakes, settings.project(), gatewayPort,
                    external ? null : dataDir, databasePort);
            GatewayDatabase database = external
                    ? new GatewayDatabase(System.getenv("SPRING_DATASOURCE_URL"),
                            System.getenv("SPRING_DATASOURCE_USERNAME"), System.getenv("SPRING_DATASOURCE_PASSWORD"))
                    : new GatewayDatabase("jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres", "postgres",
                            null);
            report.json.put("configuration", GatewayConfiguration.describe(settings, jar, environment, external));
            WebhookLoad.Target target = new WebhookLoad.Target("127.0.0.1", gatewayPort);
            Webhooks webhooks = new Webhooks(base, runTag, Webhooks.Credentials.bench());
            StatusCallbacks statuses = new StatusCallbacks(target, webhooks, 32);

            say("start: the gateway on an empty data directory (%s)", external ? "external database" : dataDir);
            GatewayUnderTest gateway = start(jar, environment, target, "gateway-1.log");
            double startEmpty = gateway.awaitHealthy(180);
            say("start: healthy after %.2f s", startEmpty);
            if (!external) {
                // pg_stat_statements must be loaded when the server starts: set, and the gateway started again
                say("start: again, with pg_stat_statements preloaded on its PostgreSQL");
                database.preloadStatementStatistics();
                long first = ProcStats.postmasterPid(dataDir);
                gateway.stop();
                awaitExit(first);
                gateway = start(jar, environment, target, "gateway-loads.log");
                gateway.awaitHealthy(180);
            }
            statementsCounted = StatementCounts.enable(database);
            if (!statementsCounted) {
                say("pg_stat_statements is not available on this database: the statements are not compared");
            }
            Map<String, String> serverSettings = database.commandLineSettings();
            Map<String, Object> databaseInfo = new LinkedHashMap<>(database.keySettings());
            fakes.sendStatuses(statuses);

            ack(gateway, database, target, webhooks, statuses);
            long postmasterPid = external ? -1 : ProcStats.postmasterPid(dataDir);
            loop(gateway, database, target, webhooks, fakes, statuses, postmasterPid);
            steady(gateway, database, target, webhooks, fakes, statuses, postmasterPid);
            instances(jar, environment, external ? null : databasePort, database, webhooks, fakes, gatewayPort);
            report.json.put("status_callbacks", statusCallbacks(database, statuses));
            statuses.close();
            say("stopping the gateway");
            long postmaster = external ? -1 : ProcStats.postmasterPid(dataDir);
            gateway.stop();
            awaitExit(postmaster);

            limit(external, database, dataDir, serverSettings, databaseInfo);

            say("start: the gateway on the full data directory");
            GatewayUnderTest again = start(jar, environment, target, "gateway-2.log");
            double startFull = again.awaitHealthy(180);
            say("start: healthy after %.2f s", startFull);
            again.stop();
            Map<String, Object> startSeconds = new LinkedHashMap<>();
            startSeconds.put("empty", Report.round(startEmpty, 2));
            startSeconds.put("full", Report.round(startFull, 2));
            report.json.put("start_s", startSeconds);

            Map<String, Object> fakeCounts = new LinkedHashMap<>();
            fakeCounts.put("ai_calls", fakes.aiCalls());
            fakeCounts.put("replies_by_provider", fakes.replies().byProvider());
            fakeCounts.put("typing_calls", fakes.typingCalls());
            fakeCounts.put("unexpected_requests", fakes.unexpectedRequests());
            report.json.put("fakes", fakeCounts);
        }
        Targets.add(report.json);
        report.print(System.out);
        Path result = settings.out().resolve("result.json");
        report.write(result);
        say("written %s", result);
    }

    // ---- ack: the highest rate of acknowledged webhooks without errors ------------------------------------

    private void ack(GatewayUnderTest gateway, GatewayDatabase database, WebhookLoad.Target target, Webhooks webhooks,
                     StatusCallbacks statuses) throws Exception {
        Conversations conversations = new Conversations(0, runTag, settings.repeatShare());
        Supplier<Webhook> next = () -> webhooks.message(conversations.next());
        WebhookLoad load = new WebhookLoad(target);
        say("ack: warm-up, 8 senders for %.0f s", settings.ackWarmupSeconds());
        load.closedLoop("warm-up", 8, settings.ackWarmupSeconds(), next);
        drain(database);
        if (settings.profile()) {
            Profile.start(gateway.pid());
        }
        List<Map<String, Object>> levels = new ArrayList<>();
        LoadResult best = null;
        Map<String, Object> bestKinds = byKind(Double.NaN, Double.NaN);
        for (int concurrency : settings.ackConcurrency()) {
            statuses.nextWindow();
            LoadResult inbound = load.closedLoop(concurrency + " senders", concurrency, settings.ackLevelSeconds(),
                    next);
            // the mix: the inbound messages and the status callbacks for the replies sent meanwhile
            LoadResult level = inbound.with(statuses.nextWindow());
            Map<String, Object> kinds = byKind(inbound.perSecond(), level.perSecond() - inbound.perSecond());
            Map<String, Object> json = level.toJson();
            json.put("concurrency", concurrency);
            json.put("webhooks_per_s", kinds);
            say("ack: %d senders: %.1f acks/s %s, p50 %.1f ms, p99 %.1f ms, %d errors %s", concurrency,
                    level.perSecond(), kinds, level.p50Ms(), level.p99Ms(), level.errors(), level.errorKinds());
            json.put("drain_s", Report.round(drain(database), 1));
            levels.add(json);
            boolean better = level.errors() == 0 && (best == null || level.perSecond() > best.perSecond());
            if (better) {
                best = level;
                bestKinds = kinds;
            }
            if (level.errors() > 0 || !better && level.perSecond() < best.perSecond() * 0.97) {
                break;
            }
        }
        if (settings.profile()) {
            report.json.put("profile", profile(gateway, "gateway-ack.jfr"));
        }
        if (best == null) {
            // every level had errors: the lowest one is reported, with its errors
            best = LoadResult.of("none without errors", 1, new WebhookResults());
        }
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("best_concurrency", best.level());
        ack.put("per_s", Report.round(best.perSecond(), 1));
        ack.put("p50_ms", Report.round(best.p50Ms(), 2));
        ack.put("p95_ms", Report.round(best.p95Ms(), 2));
        ack.put("p99_ms", Report.round(best.p99Ms(), 2));
        ack.put("errors", best.errors());
        ack.put("webhooks_per_s", bestKinds);
        ack.put("levels", levels);
        report.json.put("ack_per_s", Report.round(best.perSecond(), 1));
        report.json.put("ack", ack);
    }

    private Map<String, Object> profile(GatewayUnderTest gateway, String file) throws Exception {
        Path recording = settings.out().resolve(file);
        Profile.stop(gateway.pid(), recording);
        Map<String, Object> profile = Profile.summarize(recording, 15);
        profile.put("file", recording.toString());
        return profile;
    }

    // ---- loop: replies reaching the fakes --------------------------------------------------------------------

    private void loop(GatewayUnderTest gateway, GatewayDatabase database, WebhookLoad.Target target, Webhooks webhooks,
                      FakeOutsideWorld fakes, StatusCallbacks statuses, long postmaster) throws Exception {
        Conversations conversations = new Conversations(2, runTag, settings.repeatShare());
        if (settings.profile()) {
            Profile.start(gateway.pid());
        }
        CpuSpent cpu = new CpuSpent(gateway.pid(), postmaster);
        long repliesBefore = fakes.replies().total();
        // the statements of the measured windows only: in the settling before them new users write at once, so
        // the messages outnumber the replies there
        StatementCounts.Snapshot[] statementsRan = {StatementCounts.none(), null};
        long[] windowReplies = {0};
        Map<String, Object> bestKinds = byKind(Double.NaN, Double.NaN);
        Map<String, Object> cpuPerReply = new LinkedHashMap<>();
        List<Map<String, Object>> levels = new ArrayList<>();
        ReplyLoop.Level best = null;
        int unanswered;
        long sent;
        long duplicates;
        try (ReplyLoop loop = new ReplyLoop(target, webhooks, conversations, fakes.replies(), 32)) {
            for (int users : settings.loopUsers()) {
                statuses.nextWindow();
                long begin = System.nanoTime();
                ReplyLoop.Level level = loop.level(users, settings.loopSettleSeconds(), settings.loopLevelSeconds(),
                        () -> statementsRan[1] = statementsCounted ? StatementCounts.snapshot(database) : null,
                        () -> {
                            if (statementsRan[1] != null) {
                                statementsRan[0] = StatementCounts.sum(statementsRan[0], StatementCounts.difference(
                                        statementsRan[1], StatementCounts.snapshot(database)));
                            }
                        });
                windowReplies[0] += level.replies();
                WebhookResults callbacks = statuses.nextWindow();
                Map<String, Object> kinds = byKind(level.acks().perSecond(),
                        callbacks.acks() / ((System.nanoTime() - begin) / 1e9));
                say("loop: %d users: %.1f replies/s, webhook-to-send p50 %.0f ms, p99 %.0f ms; acks p99 %.1f ms, "
                        + "%d errors; webhooks/s %s, status callbacks p99 %.1f ms, %d errors", users,
                        level.perSecond(), level.p50Ms(), level.p99Ms(), level.acks().p99Ms(), level.acks().errors(),
                        kinds, callbacks.latencies().percentileMs(99), callbacks.errors());
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("users", users);
                json.put("seconds", Report.round(level.seconds(), 2));
                json.put("replies", level.replies());
                json.put("per_s", Report.round(level.perSecond(), 1));
                json.put("p50_ms", Report.round(level.p50Ms(), 1));
                json.put("p99_ms", Report.round(level.p99Ms(), 1));
                json.put("ack_p99_ms", Report.round(level.acks().p99Ms(), 2));
                json.put("ack_errors", level.acks().errors());
                json.put("ack_error_kinds", level.acks().errorKinds());
                json.put("webhooks_per_s", kinds);
                json.put("status_ack_p99_ms", Report.round(callbacks.latencies().percentileMs(99), 2));
                json.put("status_errors", callbacks.errors());
                levels.add(json);
                if (best == null || level.perSecond() > best.perSecond()) {
                    best = level;
                    bestKinds = kinds;
                }
            }
            // what a whole message (webhook, model call, reply, send) cost each process
            long replies = Math.max(1, fakes.replies().total() - repliesBefore);
            cpuPerReply.put("gateway", Report.round(cpu.gatewaySeconds() * 1000 / replies, 2));
            cpuPerReply.put("postgres", cpu.postgresSeconds() == null ? null
                    : Report.round(cpu.postgresSeconds() * 1000 / replies, 2));
            cpuPerReply.put("bench", Report.round(cpu.benchSeconds() * 1000 / replies, 2));
            cpuPerReply.put("replies", replies);
            if (statementsCounted) {
                gatewayStatements = StatementCounts.perMessage(statementsRan[0], windowReplies[0]);
            }
            unanswered = loop.finish(database::backlog, settings.drainCapSeconds() * 3);
            sent = loop.sent();
            duplicates = loop.duplicates();
        }
        fakes.replies().listen(recipient -> { });
        say("loop: %d messages, %d never answered, %d duplicate replies", sent, unanswered, duplicates);
        drain(database);
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("best_users", best.users());
        loop.put("per_s", Report.round(best.perSecond(), 1));
        loop.put("p50_ms", Report.round(best.p50Ms(), 1));
        loop.put("p99_ms", Report.round(best.p99Ms(), 1));
        loop.put("messages", sent);
        loop.put("unanswered", unanswered);
        loop.put("duplicates", duplicates);
        loop.put("levels", levels);
        loop.put("cpu_ms_per_reply", cpuPerReply);
        loop.put("webhooks_per_s", bestKinds);
        report.json.put("loop_per_s", Report.round(best.perSecond(), 1));
        report.json.put("loop", loop);
        if (settings.profile()) {
            report.json.put("profile_loop", profile(gateway, "gateway-loop.jfr"));
        }
    }

    // ---- steady: a fixed rate, open loop, with the gateway's memory and CPU ------------------------------

    private void steady(GatewayUnderTest gateway, GatewayDatabase database, WebhookLoad.Target target,
                        Webhooks webhooks, FakeOutsideWorld fakes, StatusCallbacks statuses, long postmaster)
            throws Exception {
        Conversations conversations = new Conversations(3, runTag, settings.repeatShare());
        long pid = gateway.pid();
        boolean peakReset = ProcStats.resetPeak(pid);
        AtomicLong sampledPeak = new AtomicLong(ProcStats.rssKib(pid));
        AtomicLong postgresPeak = new AtomicLong(ProcStats.treeRssKib(postmaster));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
                ThreadConnections.daemons("bench-rss-sampler"));
        sampler.scheduleAtFixedRate(() -> {
            sampledPeak.accumulateAndGet(ProcStats.rssKib(pid), Math::max);
            postgresPeak.accumulateAndGet(ProcStats.treeRssKib(postmaster), Math::max);
        }, 0, 200, TimeUnit.MILLISECONDS);
        CpuSpent cpu = new CpuSpent(pid, postmaster);
        long replies = fakes.replies().total();
        long begin = System.nanoTime();
        // the mix: inbound messages at the rate whose replies' status callbacks make up the rest of the webhooks
        int inboundRate = inboundRate(settings.steadyRate());
        say("steady: %d webhooks/s for %.0f s: %d inbound messages/s and the status callbacks of their replies",
                settings.steadyRate(), settings.steadySeconds(), inboundRate);
        statuses.nextWindow();
        LoadResult inbound = new WebhookLoad(target).openLoop(inboundRate + "/s", inboundRate,
                settings.steadySeconds(), 256, () -> webhooks.message(conversations.next()));
        double elapsed = (System.nanoTime() - begin) / 1e9;
        WebhookResults callbacks = statuses.nextWindow();
        LoadResult result = inbound.with(callbacks);
        sampler.shutdownNow();
        long peakKib = peakReset ? ProcStats.peakRssKib(pid) : sampledPeak.get();
        Map<String, Object> steady = new LinkedHashMap<>();
        steady.put("rate", settings.steadyRate());
        steady.put("inbound_rate", inboundRate);
        steady.put("seconds", settings.steadySeconds());
        steady.put("webhooks_per_s", byKind(inbound.acks() / elapsed, callbacks.acks() / elapsed));
        steady.put("inbound_p99_ack_ms", Report.round(inbound.p99Ms(), 2));
        steady.put("status_p99_ack_ms", Report.round(callbacks.latencies().percentileMs(99), 2));
        steady.put("status_errors", callbacks.errors());
        steady.put("sent", result.acks() + result.errors());
        steady.put("acks", result.acks());
        steady.put("errors", result.errors());
        steady.put("error_kinds", result.errorKinds());
        steady.put("p50_ack_ms", Report.round(result.p50Ms(), 2));
        steady.put("p95_ack_ms", Report.round(result.p95Ms(), 2));
        steady.put("p99_ack_ms", Report.round(result.p99Ms(), 2));
        steady.put("max_ack_ms", Report.round(result.maxMs(), 2));
        steady.put("peak_rss_mib", Math.round(peakKib / 1024.0));
        steady.put("peak_rss_source", peakReset ? "VmHWM reset at the start of steady" : "VmRSS sampled every 200 ms");
        steady.put("postgres_rss_sum_mib", postmaster < 0 ? null : Math.round(postgresPeak.get() / 1024.0));
        steady.put("cpu_cores_gateway", Report.round(cpu.gatewaySeconds() / elapsed, 2));
        // an external PostgreSQL (SPRING_DATASOURCE_URL) is not measured
        steady.put("cpu_cores_postgres", cpu.postgresSeconds() == null ? null
                : Report.round(cpu.postgresSeconds() / elapsed, 2));
        steady.put("cpu_cores_bench", Report.round(cpu.benchSeconds() / elapsed, 2));
        steady.put("replies_during", fakes.replies().total() - replies);
        say("steady: p99 ack %.1f ms, %d errors %s, peak RSS %d MiB", result.p99Ms(), result.errors(),
                result.errorKinds(), Math.round(peakKib / 1024.0));
        steady.put("backlog_after", database.backlog());
        steady.put("drain_s", Report.round(drain(database), 1));
        report.json.put("steady", steady);
    }

    // ---- instances: the same load spread over several gateways sharing the one PostgreSQL --------------------

    /**
     * {@code settings.instances()} gateways (the measured one and the others started now, each a JVM of its own on
     * the same machine, workers on) on the one database, behind a round-robin balancer: the ack levels again
     * (inbound messages only), and the loop at its middle level. One public address for all of them, as behind a
     * real balancer: the status callbacks all reach the first one.
     */
    private void instances(Path jar, Map<String, String> environment, Integer databasePort, GatewayDatabase database,
                           Webhooks webhooks, FakeOutsideWorld fakes, int firstPort) throws Exception {
        int count = settings.instances();
        if (count < 2) {
            return;
        }
        List<Integer> ports = new ArrayList<>(List.of(firstPort));
        List<GatewayUnderTest> others = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        try {
            for (int i = 2; i <= count; i++) {
                int port = freePort();
                Map<String, String> another = new LinkedHashMap<>(environment);
                another.put("SERVER_PORT", Integer.toString(port));
                if (databasePort != null) {
                    another.remove("EMBEDDED_DB_DIR");
                    another.remove("EMBEDDED_DB_PORT");
                    another.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres");
                    another.put("SPRING_DATASOURCE_USERNAME", "postgres");
                }
                say("instances: starting gateway %d of %d on the same database", i, count);
                GatewayUnderTest gateway = start(jar, another, new WebhookLoad.Target("127.0.0.1", port),
                        "gateway-instance-" + i + ".log");
                others.add(gateway);
                gateway.awaitHealthy(180);
                ports.add(port);
            }
            WebhookLoad.Target all = new WebhookLoad.Target("127.0.0.1", ports);
            Conversations conversations = new Conversations(4, runTag, settings.repeatShare());
            // the new JVMs compile their hot paths first, as the first one did through the phases before (with
            // two cores, a second JVM's compilers need that long: its rate still rose level by level after 8 s)
            say("instances: warm-up, 8 senders for %.0f s", settings.steadySeconds());
            new WebhookLoad(all).closedLoop("warm-up", 8, settings.steadySeconds(),
                    () -> webhooks.message(conversations.next()));
            drain(database);
            LoadResult best = null;
            for (int concurrency : settings.ackConcurrency()) {
                LoadResult level = new WebhookLoad(all).closedLoop(concurrency + " senders", concurrency,
                        settings.ackLevelSeconds(), () -> webhooks.message(conversations.next()));
                say("instances: %d gateways, %d senders: %.1f acks/s, p99 %.1f ms, %d errors", count, concurrency,
                        level.perSecond(), level.p99Ms(), level.errors());
                if (level.errors() == 0 && (best == null || level.perSecond() > best.perSecond())) {
                    best = level;
                }
                drain(database);
            }
            json.put("count", count);
            json.put("ack_per_s", best == null ? null : Report.round(best.perSecond(), 1));
            json.put("ack_best_concurrency", best == null ? null : best.level());
            json.put("ack_p99_ms", best == null ? null : Report.round(best.p99Ms(), 2));
            int users = settings.loopUsers()[settings.loopUsers().length / 2];
            try (ReplyLoop loop = new ReplyLoop(all, webhooks, new Conversations(5, runTag, settings.repeatShare()),
                    fakes.replies(), 32)) {
                ReplyLoop.Level level = loop.level(users, settings.loopSettleSeconds(), settings.loopLevelSeconds());
                say("instances: %d gateways, loop of %d users: %.1f replies/s, webhook-to-send p50 %.0f ms", count,
                        users, level.perSecond(), level.p50Ms());
                json.put("loop_users", users);
                json.put("loop_per_s", Report.round(level.perSecond(), 1));
                json.put("loop_p50_ms", Report.round(level.p50Ms(), 1));
                loop.finish(database::backlog, settings.drainCapSeconds() * 3);
            }
            fakes.replies().listen(recipient -> { });
            drain(database);
        } finally {
            for (GatewayUnderTest gateway : others) {
                gateway.stop();
            }
        }
        report.json.put("instances", json);
    }

    /**
     * The inbound rate of a mix of {@code webhooksPerSecond}: every reply to a Twilio or Meta conversation (80 %
     * of them) brings {@link StatusCallbacks#PER_REPLY} status callbacks.
     */
    static int inboundRate(int webhooksPerSecond) {
        return (int) Math.round(webhooksPerSecond / (1 + StatusCallbacks.PER_REPLY * 0.8));
    }

    private static Map<String, Object> byKind(double inbound, double status) {
        Map<String, Object> kinds = new LinkedHashMap<>();
        kinds.put("inbound_message", Report.round(inbound, 1));
        kinds.put("status_callback", Report.round(status, 1));
        return kinds;
    }

    /** The callbacks of the whole run, and how many the gateway had to keep because they came before the id. */
    private Map<String, Object> statusCallbacks(GatewayDatabase database, StatusCallbacks statuses) throws Exception {
        // the last reads are due READ_AFTER_MS after their send; the kept ones are applied on the workers' poll
        Thread.sleep(StatusCallbacks.READ_AFTER_MS + 2500);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("posted", statuses.posted());
        json.put("acknowledged", statuses.acknowledged());
        json.put("failed", statuses.failed());
        long kept = database.earlyStatusesKept();
        json.put("kept_early", kept);
        json.put("early_share", Report.round(kept / (double) Math.max(1, statuses.acknowledged()), 3));
        json.put("kept_left", database.earlyStatusesLeft());
        json.put("replies_by_delivery_status", database.repliesByDeliveryStatus());
        say("status callbacks: %s", json);
        return json;
    }

    // ---- limit: the same statements by plain JDBC -------------------------------------------------------------

    private void limit(boolean external, GatewayDatabase database, Path dataDir, Map<String, String> serverSettings,
                       Map<String, Object> databaseInfo) throws Exception {
        EmbeddedPostgres postgres = null;
        GatewayDatabase limitDatabase = database;
        if (!external) {
            say("limit: PostgreSQL on the gateway's data directory, with its settings %s", serverSettings);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                    .setCleanDataDirectory(false).setPort(freePort());
            serverSettings.forEach(builder::setServerConfig);
            postgres = builder.start();
            limitDatabase = new GatewayDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
        }
        try {
            Map<String, Object> rows = limitDatabase.rowCounts();
            report.json.put("full_data", rows);
            LimitWorkload workload = new LimitWorkload(settings.project().resolve("src/main/resources/sql"),
                    new Conversations(1, runTag, settings.repeatShare()), runTag,
                    intFromEnvironment("AI_HISTORY_MESSAGES", 20), intFromEnvironment("WORKER_LEASE_SECONDS", 300));
            LimitRun run = new LimitRun(limitDatabase.jdbcUrl(), limitDatabase.user(), limitDatabase.password(),
                    workload);
            say("limit: warm-up, 4 threads for %.0f s", settings.limitWarmupSeconds());
            run.run(4, settings.limitWarmupSeconds());
            List<Map<String, Object>> levels = new ArrayList<>();
            LimitRun.Level best = null;
            StatementCounts.Snapshot statementsBefore = statementsCounted
                    ? StatementCounts.snapshot(limitDatabase) : null;
            long messages = 0;
            for (int threads : settings.limitThreads()) {
                LimitRun.Level level = run.run(threads, settings.limitLevelSeconds());
                messages += level.messages();
                say("limit: %d threads: %.1f messages/s (replies %d, sends %d), webhook transaction p50 %.2f ms, "
                        + "errors %s", threads, level.perSecond(), level.replies(), level.sends(), level.inboundP50Ms(),
                        level.errors());
                levels.add(level.toJson());
                if (best == null || level.perSecond() > best.perSecond()) {
                    best = level;
                }
            }
            Map<String, Object> limit = new LinkedHashMap<>();
            limit.put("best_threads", best.threads());
            limit.put("per_s", Report.round(best.perSecond(), 1));
            limit.put("inbound_tx_p50_ms", Report.round(best.inboundP50Ms(), 2));
            limit.put("inbound_tx_p99_ms", Report.round(best.inboundP99Ms(), 2));
            limit.put("shape", workload.shape());
            limit.put("database", databaseInfo);
            limit.put("levels", levels);
            report.json.put("limit_tps", Report.round(best.perSecond(), 1));
            report.json.put("limit", limit);
            if (statementsBefore != null) {
                compareStatements(StatementCounts.perMessage(statementsBefore,
                        StatementCounts.snapshot(limitDatabase), messages));
            }
            anchor(limitDatabase);
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** The statements per message of the gateway (loop) and of the limit, side by side; warns when they differ. */
    private void compareStatements(Map<String, Double> limitStatements) {
        if (gatewayStatements == null) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (StatementCounts.Row row : StatementCounts.compare(gatewayStatements, limitStatements)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("statement", row.statement());
            json.put("gateway_per_reply", row.gateway());
            json.put("limit_per_message", row.limit());
            json.put("differs", row.differs());
            rows.add(json);
            if (row.differs()) {
                differing.add(row.statement());
            }
        }
        Map<String, Object> statements = new LinkedHashMap<>();
        statements.put("rows", rows);
        statements.put("differing", differing);
        report.json.put("statements", statements);
        if (!differing.isEmpty()) {
            say("WARNING: the gateway's statements per message differ from the limit's in %d statements: %s",
                    differing.size(), differing);
        }
    }

    // ---- anchor: the integration guide's transaction, plain SQL of its own -----------------------------------

    private void anchor(GatewayDatabase database) throws Exception {
        LimitRun run = new LimitRun(database.jdbcUrl(), database.user(), database.password(),
                new AnchorWorkload(new Conversations(4, runTag, settings.repeatShare())));
        say("anchor: warm-up, 4 clients for %.0f s", settings.limitWarmupSeconds());
        run.run(4, settings.limitWarmupSeconds());
        List<Map<String, Object>> levels = new ArrayList<>();
        LimitRun.Level best = null;
        for (int clients : settings.anchorClients()) {
            LimitRun.Level level = run.run(clients, settings.limitLevelSeconds());
            say("anchor: %d clients: %.1f transactions/s, p50 %.2f ms, p99 %.2f ms, errors %s", clients,
                    level.perSecond(), level.inboundP50Ms(), level.inboundP99Ms(), level.errors());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("clients", clients);
            json.put("seconds", Report.round(level.seconds(), 2));
            json.put("transactions", level.messages());
            json.put("per_s", Report.round(level.perSecond(), 1));
            json.put("tx_p50_ms", Report.round(level.inboundP50Ms(), 2));
            json.put("tx_p99_ms", Report.round(level.inboundP99Ms(), 2));
            json.put("errors", level.errors());
            levels.add(json);
            if (best == null || level.perSecond() > best.perSecond()) {
                best = level;
            }
        }
        Map<String, Object> anchor = new LinkedHashMap<>();
        anchor.put("best_clients", best.threads());
        anchor.put("per_s", Report.round(best.perSecond(), 1));
        anchor.put("tx_p50_ms", Report.round(best.inboundP50Ms(), 2));
        anchor.put("tx_p99_ms", Report.round(best.inboundP99Ms(), 2));
        anchor.put("shape", AnchorWorkload.shape());
        anchor.put("levels", levels);
        report.json.put("anchor_tps", Report.round(best.perSecond(), 1));
        report.json.put("anchor", anchor);
    }

    // ---- the gateway process ------------------------------------------------------------------------------

    private GatewayUnderTest start(Path jar, Map<String, String> environment, WebhookLoad.Target target, String log)
            throws IOException {
        GatewayUnderTest gateway = GatewayUnderTest.start(jar, settings.jvmOptions(), environment,
                settings.out().resolve("run"), settings.out().resolve(log), target);
        started.add(gateway);
        return gateway;
    }

    private void stopAll() throws InterruptedException {
        for (GatewayUnderTest gateway : started) {
            gateway.stop();
        }
    }

    private void killAll() {
        started.forEach(GatewayUnderTest::terminate);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Waits until the gateway has no reply or send work left (at most the drain cap); returns the seconds. */
    private double drain(GatewayDatabase database) throws Exception {
        long begin = System.nanoTime();
        long deadline = begin + (long) (settings.drainCapSeconds() * 1e9);
        long backlog = database.backlog();
        while (backlog > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            backlog = database.backlog();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (backlog > 0) {
            say("  (backlog of %d jobs and messages left after %.0f s)", backlog, seconds);
        }
        return seconds;
    }

    /** The embedded PostgreSQL stops with the gateway; it must be gone before the data directory is reused. */
    private static void awaitExit(long postmaster) throws Exception {
        if (postmaster < 0) {
            return;
        }
        var process = ProcessHandle.of(postmaster);
        if (process.isPresent() && process.get().isAlive()) {
            try {
                process.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // left behind by a gateway that did not shut down: a smart shutdown, as the gateway itself would
                process.get().destroy();
                process.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static int intFromEnvironment(String name, int fallback) {
        String value = System.getenv(name);
        return hasText(value) ? Integer.parseInt(value.trim()) : fallback;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    private static Path findJar(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("wa-gateway-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-plain.jar"))
                    .max(Comparator.comparingLong(f -> f.toFile().lastModified()))
                    .orElseThrow(() -> new IOException("no wa-gateway-*.jar in " + target
                            + ": build it with mvn -DskipTests package"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void say(String pattern, Object... values) {
        System.out.println("[bench] " + Report.format(pattern, values));
        System.out.flush();
    }
}
