package io.wagateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway laid out the way production starts it (README "Docker"): the jar extracted and a
 * class-data-sharing archive, written once per build by {@code src/main/sh/prepare-app.sh} under
 * {@code target/it-app}. A child started from it loads its classes from the archive: about half the start of the
 * fat jar, and the child tests start eight gateways.
 */
final class ChildLayout {

    /** The JVM options of every child; the archive is written with the same ones, or the JVM ignores it. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Path SCRIPT = Path.of(System.getProperty("gateway.prepare-app",
            "src/main/sh/prepare-app.sh")).toAbsolutePath();

    private ChildLayout() {
    }

    /**
     * {@code java <options> -XX:SharedArchiveFile=… -jar …/wa-gateway.jar}, the layout written first when it is
     * missing or older than the jar (under a file lock: test JVMs running side by side write it once).
     */
    static synchronized List<String> command(String java, Path jar, Path buildDir, Map<String, String> trainingEnv) {
        Path dir = buildDir.resolve("it-app");
        try {
            Files.createDirectories(buildDir);
            try (FileChannel channel = FileChannel.open(buildDir.resolve("it-app.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                if (!isNewerThan(dir.resolve("app.jsa"), jar)) {
                    prepare(java, jar, dir, trainingEnv);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.add("-XX:SharedArchiveFile=" + dir.resolve("app.jsa"));
        command.add("-jar");
        command.add(dir.resolve("wa-gateway.jar").toString());
        return command;
    }

    private static boolean isNewerThan(Path file, Path than) throws IOException {
        return Files.isRegularFile(file)
                && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) > 0;
    }

    private static void prepare(String java, Path jar, Path dir, Map<String, String> trainingEnv) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), jar.toString(), dir.toString()));
        command.addAll(JVM_OPTIONS);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolveSibling("it-app-prepare.log").toFile()));
        builder.environment().putAll(trainingEnv);
        // the script's java must be the children's: an archive is only used by the JVM that wrote it
        builder.environment().put("PATH", Path.of(java).getParent() + ":" + System.getenv("PATH"));
        try {
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("could not lay out " + jar + " in " + dir + ": see "
                        + dir.resolveSibling("it-app-prepare.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
