package io.wagateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged gateway ({@code target/wa-gateway-*.jar}) as a child process, configured only through the
 * contract's environment variables and pointed at the local fakes: a real separate JVM that a test can
 * kill with SIGKILL. Its output is appended to {@code target/it-logs/<name>.log}. Every child ever started is
 * killed when the test JVM exits, and {@link #killAll()} does it earlier (call it from {@code @AfterAll}).
 */
public final class ChildGateway implements AutoCloseable {

    /** What {@link Process#exitValue()} reports for a process that SIGKILL ended: 128 + 9. */
    public static final int KILLED_BY_SIGKILL = 137;

    private static final Path JAR = Path.of(System.getProperty("gateway.jar",
            "target/wa-gateway-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
    private static final Path ROUTES = Path.of(System.getProperty("gateway.routes-dir", "routes")).toAbsolutePath();
    private static final Path BUILD = Path.of(System.getProperty("gateway.it-dir", "target")).toAbsolutePath();
    /** How long a claimed job or send stays with its worker (WORKER_LEASE_SECONDS of every child). */
    public static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(60);
    /** Only these of the test JVM's variables reach a child: nothing of the contract leaks in by accident. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "TZ");
    private static final List<ChildGateway> STARTED = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildGateway::killAll, "child-gateway-reaper"));
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final Path embeddedDbDir;

    private ChildGateway(String name, Process process, int port, Path log, Path embeddedDbDir) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.embeddedDbDir = embeddedDbDir;
    }

    /**
     * The environment of a child that talks to the fakes: every credential and base URL of
     * {@link FakeProviders} (signatures are checked), the repository's {@code routes/}, short worker polls
     * and retry delays, and a lease of 15 s ({@code WORKER_LEASE_SECONDS}; default 300) so that work a killed
     * child had claimed is taken over soon. Not shorter: a lease that runs out while its worker is still at
     * it lets a second worker repeat the work, and on a 2-core machine shared with other builds a 100 ms
     * model call took 17 s from claim to reply (seen with 5 s: 32 duplicates out of 100). The AI base URL
     * and the database are the caller's choice.
     */
    public static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PUBLIC_BASE_URL", GatewayIntegrationTest.PUBLIC_BASE_URL);
        env.put("API_TOKEN", GatewayIntegrationTest.API_TOKEN);
        env.put("TWILIO_ACCOUNT_SID", FakeProviders.ACCOUNT_SID);
        env.put("TWILIO_AUTH_TOKEN", FakeProviders.AUTH_TOKEN);
        env.put("TWILIO_WHATSAPP_FROM", FakeProviders.WHATSAPP_FROM);
        env.put("TWILIO_API_BASE_URL", FakeProviders.twilioBaseUrl());
        env.put("META_ACCESS_TOKEN", FakeProviders.META_ACCESS_TOKEN);
        env.put("META_PHONE_NUMBER_ID", FakeProviders.META_PHONE_NUMBER_ID);
        env.put("META_APP_SECRET", FakeProviders.META_APP_SECRET);
        env.put("META_VERIFY_TOKEN", FakeProviders.META_VERIFY_TOKEN);
        env.put("META_GRAPH_BASE_URL", FakeProviders.graphBaseUrl());
        env.put("META_API_VERSION", FakeProviders.META_API_VERSION);
        env.put("KOMMO_WEBHOOK_SECRET", FakeProviders.KOMMO_WEBHOOK_SECRET);
        env.put("KOMMO_CHANNEL_ID", FakeProviders.KOMMO_CHANNEL_ID);
        env.put("KOMMO_CHANNEL_SECRET", FakeProviders.KOMMO_CHANNEL_SECRET);
        env.put("KOMMO_SCOPE_ID", FakeProviders.KOMMO_SCOPE_ID);
        env.put("KOMMO_BOT_ID", FakeProviders.KOMMO_BOT_ID);
        env.put("KOMMO_AMOJO_BASE_URL", FakeProviders.kommoBaseUrl());
        env.put("AI_BASE_URL", FakeProviders.aiBaseUrl());
        env.put("AI_API_KEY", "test-ai-key");
        env.put("ROUTES_DIR", ROUTES.toString());
        env.put("WORKER_POLL_INTERVAL_MS", "250");
        env.put("WORKER_LEASE_SECONDS", Long.toString(LEASE.toSeconds()));
        env.put("REPLY_DEBOUNCE_MS", "100");
        env.put("RETRY_INITIAL_DELAY_MS", "100");
        return env;
    }

    /** Environment entries for a child running its own embedded PostgreSQL on {@code dir}, at {@code dbPort}. */
    public static Map<String, String> embeddedDatabase(Path dir, int dbPort) {
        return Map.of("EMBEDDED_DB_DIR", dir.toAbsolutePath().toString(), "EMBEDDED_DB_PORT", Integer.toString(dbPort));
    }

    /** Environment entries for a child on an external PostgreSQL. */
    public static Map<String, String> externalDatabase(TestPostgres db) {
        return Map.of("SPRING_DATASOURCE_URL", db.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", TestPostgres.USER,
                "SPRING_DATASOURCE_PASSWORD", TestPostgres.USER);
    }

    /** Starts {@code java -jar} with {@code env} (on top of a free {@code SERVER_PORT}) and returns at once. */
    public static ChildGateway launch(String name, Map<String, String> env) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " does not exist: the *IT tests run in `mvn verify`, after package");
        }
        int port = freePort();
        Path workDir = BUILD.resolve("it-work").resolve(name);
        Path log = BUILD.resolve("it-logs").resolve(name + ".log");
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(log.getParent());
            // appended, not replaced: the log of a failed run survives the next run
            Files.writeString(log,
                    "==== " + java.time.Instant.now() + " " + name + " starts ====" + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(ChildLayout.command(javaBinary(), JAR, BUILD, environment()))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> childEnv = builder.environment();
        childEnv.keySet().retainAll(INHERITED);
        childEnv.putAll(env);
        childEnv.put("SERVER_PORT", Integer.toString(port));
        String dbDir = env.get("EMBEDDED_DB_DIR");
        try {
            ChildGateway child = new ChildGateway(name, builder.start(), port, log,
                    dbDir == null || env.containsKey("SPRING_DATASOURCE_URL") ? null : Path.of(dbDir));
            STARTED.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #launch} and {@link #awaitHealthy}. */
    public static ChildGateway start(String name, Map<String, String> env) {
        return launch(name, env).awaitHealthy();
    }

    /** Waits until {@code /actuator/health} says UP; fails with the end of the log if the child dies first. */
    public ChildGateway awaitHealthy() {
        try {
            Awaitility.await("child " + name + " healthy").atMost(STARTUP_LIMIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("child " + name + " exited with " + process.exitValue()
                                    + " before it was healthy; end of " + log + ":\n" + logTail(80));
                        }
                        return isHealthy();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("child " + name + " not healthy after " + STARTUP_LIMIT.toSeconds()
                    + " s; end of " + log + ":\n" + logTail(80), e);
        }
        return this;
    }

    private boolean isHealthy() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && "UP".equals(JSON.readTree(response.body()).path("status").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGKILL, as {@code kill -9}: no shutdown hook, no graceful stop, the embedded PostgreSQL left
     * orphaned. {@link Process#destroyForcibly()} sends SIGKILL on Linux and macOS; the exit value proves it.
     */
    public void kill9() {
        process.destroyForcibly();
        int exit = waitForExit(STOP_LIMIT);
        if (exit != KILLED_BY_SIGKILL) {
            throw new AssertionError("child " + name + " was meant to die of SIGKILL (exit 137) but exited with "
                    + exit);
        }
    }

    /** The lines this child wrote since it started (its log is appended to across runs). */
    public List<String> logLines() {
        try {
            List<String> lines = Files.readAllLines(log);
            String marker = " " + name + " starts ====";
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("==== ") && lines.get(i).endsWith(marker)) {
                    start = i;
                }
            }
            return lines.subList(start, lines.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM: Spring's graceful shutdown, the embedded PostgreSQL stopped cleanly. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            waitForExit(STOP_LIMIT);
        } catch (AssertionError e) {
            process.destroyForcibly();
            waitForExit(STOP_LIMIT);
        }
    }

    private int waitForExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child " + name + " still running " + limit.toSeconds()
                        + " s after the signal");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops it gracefully (if still running) and stops a PostgreSQL that a kill left on its data directory. */
    @Override
    public void close() {
        stop();
        stopOrphanedPostmaster();
    }

    /** Kills every child still running (and their orphaned embedded servers): for {@code @AfterAll} and JVM exit. */
    public static void killAll() {
        for (ChildGateway child : STARTED) {
            if (child.process.isAlive()) {
                child.process.destroyForcibly();
                child.waitForExit(STOP_LIMIT);
            }
            child.stopOrphanedPostmaster();
        }
        STARTED.clear();
    }

    /** The PostgreSQL server process recorded in the child's data directory, while it runs. */
    public Optional<ProcessHandle> postmaster() {
        return embeddedDbDir == null ? Optional.empty() : Postmaster.of(embeddedDbDir);
    }

    private void stopOrphanedPostmaster() {
        postmaster().ifPresent(Postmaster::stop);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** One scrape of its {@code /actuator/prometheus}. */
    public PrometheusScrape prometheus() {
        return PrometheusScrape.of(port);
    }

    /** The last {@code lines} lines of its log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public String toString() {
        return "child " + name + " (pid " + process.pid() + ", port " + port + ")";
    }
}
