package io.wagateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder profile of the gateway (started and stopped with {@code jcmd}, no restart), read
 * back as figures: where the CPU samples fall (by method, by the innermost caller outside the JDK, by
 * library, by the gateway's own methods) and the time spent in GC pauses. Inclusive shares of a wrapper
 * that every exchange passes (e.g. an intercept strategy) are close to 100 % and say little.
 */
final class Profile {

    /** Libraries counted inclusively: a sample with any frame of the library counts once for it. */
    private static final Map<String, String> LIBRARIES = libraries();

    private Profile() {
    }

    static void start(long pid) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=bench", "settings=profile");
    }

    static void stop(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
    }

    /** Top methods (leaf frame), libraries (inclusive), the gateway's own methods (inclusive), GC pauses. */
    static Map<String, Object> summarize(Path file, int top) throws IOException {
        Map<String, Integer> leaves = new HashMap<>();
        Map<String, Integer> callers = new HashMap<>();
        Map<String, Integer> paths = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, Integer> own = new HashMap<>();
        long samples = 0;
        double gcPauseMs = 0;
        long gcCount = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.GarbageCollection")) {
                    gcPauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
                    gcCount++;
                }
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                leaves.merge(method(frames.get(0)), 1, Integer::sum);
                callers.merge(firstOutsideJdk(frames), 1, Integer::sum);
                paths.merge(pathOutsideJdk(frames, 6), 1, Integer::sum);
                Set<String> seenLibraries = new HashSet<>();
                Set<String> seenOwn = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = method(frame);
                    LIBRARIES.forEach((prefix, library) -> {
                        if (method.startsWith(prefix)) {
                            seenLibraries.add(library);
                        }
                    });
                    if (method.startsWith("io.wagateway.")) {
                        seenOwn.add(method);
                    }
                }
                seenLibraries.forEach(library -> libraries.merge(library, 1, Integer::sum));
                seenOwn.forEach(method -> own.merge(method, 1, Integer::sum));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cpu_samples", samples);
        summary.put("gc_pauses", gcCount);
        summary.put("gc_pause_ms", Report.round(gcPauseMs, 1));
        summary.put("top_methods_self_pct", shares(leaves, samples, top));
        summary.put("top_callers_outside_jdk_self_pct", shares(callers, samples, top));
        summary.put("top_paths_outside_jdk_self_pct", shares(paths, samples, 8));
        summary.put("libraries_inclusive_pct", shares(libraries, samples, LIBRARIES.size()));
        summary.put("gateway_methods_inclusive_pct", shares(own, samples, top));
        return summary;
    }

    private static Map<String, Double> shares(Map<String, Integer> counts, long samples, int top) {
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(top)
                .forEach(e -> shares.put(e.getKey(), Report.round(100.0 * e.getValue() / Math.max(1, samples), 1)));
        return shares;
    }

    /** The sample's time charged to the innermost method that is not the JDK's: what asked for the work. */
    private static String firstOutsideJdk(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = method(frame);
            if (!isJdk(method)) {
                return method;
            }
        }
        return "(JDK only)";
    }

    /** The innermost {@code depth} frames outside the JDK, innermost first: which code path asked. */
    private static String pathOutsideJdk(List<RecordedFrame> frames, int depth) {
        List<String> path = new ArrayList<>();
        for (RecordedFrame frame : frames) {
            String method = method(frame);
            if (!isJdk(method)) {
                path.add(method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1));
                if (path.size() == depth) {
                    break;
                }
            }
        }
        return path.isEmpty() ? "(JDK only)" : String.join(" < ", path);
    }

    private static boolean isJdk(String method) {
        return method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun.")
                || method.startsWith("com.sun.");
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static Map<String, String> libraries() {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("org.apache.catalina.", "tomcat");
        libraries.put("org.apache.coyote.", "tomcat");
        libraries.put("org.apache.tomcat.", "tomcat");
        libraries.put("org.apache.camel.", "camel");
        libraries.put("org.apache.camel.component.sql.", "camel-sql");
        libraries.put("org.apache.camel.impl.converter.", "camel-type-converter");
        libraries.put("org.apache.camel.management.", "camel-management (JMX statistics)");
        libraries.put("org.apache.camel.component.micrometer.", "camel-micrometer (route policies)");
        libraries.put("org.springframework.", "spring");
        libraries.put("org.postgresql.", "pgjdbc");
        libraries.put("com.zaxxer.hikari.pool.HikariPool.getConnection", "hikari getConnection");
        libraries.put("com.fasterxml.jackson.", "jackson");
        libraries.put("ch.qos.logback.", "logback");
        libraries.put("org.slf4j.", "slf4j");
        libraries.put("io.micrometer.", "micrometer");
        libraries.put("com.twilio.", "twilio-sdk");
        libraries.put("dev.langchain4j.", "langchain4j");
        libraries.put("org.apache.hc.", "httpclient5");
        libraries.put("org.apache.http.", "httpclient4");
        libraries.put("jdk.internal.net.http.", "jdk-httpclient");
        libraries.put("io.wagateway.", "wa-gateway");
        libraries.put("javax.crypto.", "crypto");
        libraries.put("com.sun.crypto.", "crypto");
        libraries.put("java.util.regex.", "regex");
        libraries.put("java.lang.reflect.", "reflection");
        libraries.put("jdk.internal.reflect.", "reflection");
        libraries.put("java.lang.invoke.", "method-handles");
        libraries.put("sun.nio.", "nio");
        libraries.put("java.net.", "java-net");
        return libraries;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0 || output.contains("Could not") || output.contains("Exception")) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }
}
