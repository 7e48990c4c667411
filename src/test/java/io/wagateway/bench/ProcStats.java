package io.wagateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory and CPU of a process as Linux reports them in {@code /proc}; 0 where /proc is not there. */
final class ProcStats {

    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private ProcStats() {
    }

    /** Resident set size now, in KiB ({@code VmRSS}). */
    static long rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Peak resident set size since start or the last {@link #resetPeak}, in KiB ({@code VmHWM}). */
    static long peakRssKib(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** Restarts the peak ({@code VmHWM}) from the current size: "5" into clear_refs (Linux 4.0+). */
    static boolean resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** CPU time (user + system) in seconds. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The postmaster of a PostgreSQL data directory (first line of {@code postmaster.pid}), or -1. pg_ctl
     * starts it in the background, so it is not a descendant of the gateway that asked for it.
     */
    static long postmasterPid(Path dataDir) {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU seconds of a process and all its descendants (a postmaster and its backends). */
    static double treeCpuSeconds(long pid) {
        return pid < 0 ? 0 : ProcessHandle.of(pid).map(process -> cpuSeconds(pid) + process.descendants()
                .mapToDouble(child -> cpuSeconds(child.pid())).sum()).orElse(0.0);
    }

    /** Resident size of a process and all its descendants, in KiB (shared memory counted once per process). */
    static long treeRssKib(long pid) {
        return pid < 0 ? 0 : ProcessHandle.of(pid).map(process -> rssKib(pid) + process.descendants()
                .mapToLong(child -> rssKib(child.pid())).sum()).orElse(0L);
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return 0;
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String ticks = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(ticks) : 100;
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 100;
        }
    }
}
