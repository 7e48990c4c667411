package io.wagateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway killed with SIGKILL leaves its embedded PostgreSQL running on the data directory, and the
 * next start would fail on the held directory. Such a postmaster has lost its only client, so it is
 * shut down (SIGTERM, PostgreSQL's smart shutdown) before the new one starts.
 */
final class OrphanedPostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private OrphanedPostmaster() {
    }

    static void stopIfRunning(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return;
        }
        if (process.isEmpty() || !process.get().isAlive() || !isPostgres(process.get())) {
            return;
        }
        LOG.warn("PostgreSQL (pid {}) is still running on {} from an earlier gateway process; stopping it",
                process.get().pid(), dataDir);
        process.get().destroy();
        try {
            process.get().onExit().get(SHUTDOWN_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL pid " + process.get().pid() + " on " + dataDir
                    + " did not stop within " + SHUTDOWN_WAIT.toSeconds() + " s", e);
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(true);
    }
}
