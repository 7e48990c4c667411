package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A PostgreSQL left running on the data directory by a killed gateway is stopped before a new start. */
class OrphanedPostmasterTest {

    @Test
    void postmasterStillRunningOnTheDataDirectoryIsStopped() throws Exception {
        Path dir = Path.of("target", "test-pg", "orphan-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(dir);
        try (EmbeddedPostgres leftOver = EmbeddedPostgres.builder().setDataDirectory(dir)
                .setCleanDataDirectory(false).start()) {
            long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            OrphanedPostmaster.stopIfRunning(dir);

            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            try (Connection ignored = leftOver.getPostgresDatabase().getConnection()) {
                throw new AssertionError("the old server still accepts connections");
            } catch (java.sql.SQLException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void dataDirectoryWithoutARunningServerIsLeftAlone() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-pg", "empty-" + UUID.randomUUID()));
        Files.writeString(dir.resolve("postmaster.pid"), "999999999\n");

        OrphanedPostmaster.stopIfRunning(dir);

        assertThat(dir.resolve("postmaster.pid")).exists();
    }
}
