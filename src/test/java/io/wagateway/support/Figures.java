package io.wagateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a reliability test measured, printed as one line ({@code [figures] Test: name=value ...}) to the
 * test's output and appended, with the time, to {@code target/it-logs/figures.txt}, where a CI log or a
 * reader finds them.
 */
public final class Figures {

    private final String test;
    private final Map<String, Object> values = new LinkedHashMap<>();

    public Figures(String test) {
        this.test = test;
    }

    public Figures put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /** Seconds with one decimal, from nanoseconds. */
    public static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    public void print() {
        String line = "[figures] " + test + ": " + values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        System.out.println(line);
        Path file = Path.of(System.getProperty("gateway.it-dir", "target"), "it-logs", "figures.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, java.time.Instant.now() + " " + line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
