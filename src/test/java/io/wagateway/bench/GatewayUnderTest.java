package io.wagateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway, {@code java -jar}, as a separate process: configured by environment variables
 * only, its output in a log file, healthy when {@code /actuator/health} says UP.
 */
final class GatewayUnderTest implements AutoCloseable {

    private final Process process;
    private final long startedAt;
    private final Path log;
    private final WebhookLoad.Target target;

    private GatewayUnderTest(Process process, long startedAt, Path log, WebhookLoad.Target target) {
        this.process = process;
        this.startedAt = startedAt;
        this.log = log;
        this.target = target;
    }

    static GatewayUnderTest start(Path jar, List<String> jvmOptions, Map<String, String> environment, Path workDir,
                                  Path log, WebhookLoad.Target target) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Files.createDirectories(workDir);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        long startedAt = System.nanoTime();
        return new GatewayUnderTest(builder.start(), startedAt, log, target);
    }

    /** Seconds from the process start until {@code /actuator/health} answered UP. */
    double awaitHealthy(double maxSeconds) throws IOException, InterruptedException {
        long deadline = startedAt + (long) (maxSeconds * 1e9);
        try (HttpConnection connection = target.connect()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the gateway exited with " + process.exitValue() + " while starting; "
                            + "last lines of " + log + ":\n" + tail(40));
                }
                try {
                    HttpConnection.Response health = connection.get("/actuator/health");
                    if (health.status() == 200 && health.text().contains("\"status\":\"UP\"")) {
                        return (System.nanoTime() - startedAt) / 1e9;
                    }
                } catch (IOException notYet) {
                    connection.close();
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("the gateway was not healthy after " + maxSeconds + " s; last lines of " + log
                + ":\n" + tail(40));
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (the gateway shuts down gracefully, its embedded PostgreSQL too), SIGKILL after a minute. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        // the embedded PostgreSQL stops with the gateway; wait until it has released its data directory
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroy();
            }
        }
    }

    /** SIGTERM without waiting, for a harness that is being stopped itself. */
    void terminate() {
        process.destroy();
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
