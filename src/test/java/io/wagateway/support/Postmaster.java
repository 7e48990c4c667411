package io.wagateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The PostgreSQL server process that runs on a data directory, found through its {@code postmaster.pid}. */
public final class Postmaster {

    private static final long STOP_WAIT_SECONDS = 30;

    private Postmaster() {
    }

    /** The running server of {@code dataDir}, if {@code postmaster.pid} names a live postgres process. */
    public static Optional<ProcessHandle> of(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            // the server is writing or removing the file right now: treat as not running
            return Optional.empty();
        }
    }

    /** SIGTERM (PostgreSQL's smart shutdown), then SIGKILL if it is still there after 30 s. */
    public static void stop(ProcessHandle postmaster) {
        postmaster.destroy();
        if (!awaitExit(postmaster)) {
            postmaster.destroyForcibly();
            awaitExit(postmaster);
        }
    }

    /**
     * SIGQUIT: PostgreSQL's immediate shutdown, as a crash of the server looks to its clients (connections
     * cut, no checkpoint; the next start replays the WAL). Returns once the server process is gone.
     */
    public static void stopImmediately(ProcessHandle postmaster) {
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -QUIT " + postmaster.pid() + " exited with " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!awaitExit(postmaster)) {
            throw new IllegalStateException("PostgreSQL pid " + postmaster.pid() + " ignored SIGQUIT");
        }
    }

    private static boolean awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
