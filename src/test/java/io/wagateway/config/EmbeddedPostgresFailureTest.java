package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.support.GatewayProcess;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** An embedded PostgreSQL that cannot start (it starts in the background) fails the gateway's start, with the cause. */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresFailureTest {

    @Test
    void gatewayDoesNotStartWhenItsDatabaseCannotStartAndTheLogNamesTheCause(CapturedOutput output) throws Exception {
        Path notADirectory = Files.writeString(
                Files.createDirectories(Path.of("target", "test-pg")).resolve("file-" + UUID.randomUUID()), "x");
        String dataDir = notADirectory.resolve("postgres").toAbsolutePath().toString();

        assertThatThrownBy(() -> GatewayProcess.start(Map.of("gateway.embedded-db.dir", dataDir)))
                .rootCause().isInstanceOf(FileSystemException.class)
                .hasMessageContaining(notADirectory.toAbsolutePath().toString());

        assertThat(output.getAll())
                .contains("Embedded PostgreSQL did not start on port")
                .contains("Application run failed")
                .contains("the embedded PostgreSQL with data directory " + dataDir + " did not start");
    }
}
