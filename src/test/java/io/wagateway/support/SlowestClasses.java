package io.wagateway.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Keeps the suite's slowest test classes in view: every test JVM (surefire's forks, failsafe) adds the wall time of
 * each class it ran to {@code target/test-timings.tsv}, and rewrites {@code target/slowest-test-classes.txt}, the
 * ten slowest of all of them so far. Registered for every JUnit run through {@code META-INF/services}.
 */
public class SlowestClasses implements TestExecutionListener {

    private static final Path TIMINGS = Path.of("target", "test-timings.tsv");
    private static final Path SLOWEST = Path.of("target", "slowest-test-classes.txt");
    private static final Pattern LINE = Pattern.compile("([^\t]*)\t([^\t]+)\t([0-9.]+)");
    /** Which build a line belongs to: the file outlives {@code mvn test} without {@code clean}. */
    private static final String BUILD = System.getProperty("gateway.build-started", "");

    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final StringBuilder finished = new StringBuilder();

    @Override
    public void executionStarted(TestIdentifier test) {
        className(test).ifPresent(name -> started.put(name, System.nanoTime()));
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        className(test).ifPresent(name -> {
            Long start = started.remove(name);
            if (start != null) {
                synchronized (finished) {
                    finished.append(BUILD).append('\t').append(name).append('\t')
                            .append(String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9)).append('\n');
                }
            }
        });
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        String lines;
        synchronized (finished) {
            // surefire may run one test plan per class in the same JVM: each plan writes only its own classes
            lines = finished.toString();
            finished.setLength(0);
        }
        if (lines.isEmpty() || !Files.isDirectory(TIMINGS.getParent())) {
            return;
        }
        try (FileChannel channel = FileChannel.open(TIMINGS, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
            channel.write(StandardCharsets.UTF_8.encode(lines));
            Files.writeString(SLOWEST, slowest(Files.readAllLines(TIMINGS), 10));
        } catch (IOException e) {
            System.err.println("Could not record the test timings: " + e);
        }
    }

    private static String slowest(List<String> lines, int count) {
        List<String[]> rows = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches() && matcher.group(1).equals(BUILD)) {
                rows.add(new String[] {matcher.group(2), matcher.group(3)});
            }
        }
        rows.sort(Comparator.comparingDouble((String[] row) -> Double.parseDouble(row[1])).reversed());
        StringBuilder text = new StringBuilder("The slowest test classes of this build (wall time, seconds)\n");
        rows.stream().limit(count).forEach(row -> text.append(String.format(Locale.ROOT, "%7s  %s%n", row[1], row[0])));
        return text.toString();
    }

    private static java.util.Optional<String> className(TestIdentifier test) {
        return test.getSource().filter(ClassSource.class::isInstance).map(source -> ((ClassSource) source)
                .getClassName().replaceFirst("^io\\.wagateway\\.", ""));
    }
}
