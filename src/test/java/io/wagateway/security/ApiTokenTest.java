package io.wagateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ApiTokenTest {

    @TempDir
    Path data;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ApiToken.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private ApiToken start(String configured) {
        return new ApiToken(configured, data.resolve("postgres").toString());
    }

    private Path file() {
        return data.resolve("api-token");
    }

    private String stored() throws Exception {
        return Files.readString(file()).strip();
    }

    private long logLinesWith(String text) {
        return log.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    @Test
    void withoutAConfiguredTokenOneIsGeneratedBesideTheDataDirAndLoggedOnce() throws Exception {
        ApiToken token = start("");

        String generated = stored();
        assertThat(generated).matches("[A-Za-z0-9_-]{43}");
        assertThat(token.matches(generated)).isTrue();
        assertThat(token.matches(generated + "x")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(logLinesWith(generated)).isEqualTo(1);
        assertThat(log.list.get(log.list.size() - 1).getFormattedMessage())
                .startsWith("Generated API token " + generated + " stored in " + file().toAbsolutePath());
        assertThat(token.toString()).doesNotContain(generated);
        try (var leftovers = Files.list(data)) {
            assertThat(leftovers).containsExactly(file());
        }
    }

    @Test
    void theNextStartReusesTheStoredTokenWithoutPrintingIt() throws Exception {
        start(null);
        String generated = stored();

        ApiToken again = start("");

        assertThat(stored()).isEqualTo(generated);
        assertThat(again.matches(generated)).isTrue();
        assertThat(logLinesWith(generated)).isEqualTo(1);
    }

    @Test
    void aConfiguredTokenWinsAndNoFileIsWritten() throws Exception {
        ApiToken configured = start("  my-own-token ");

        assertThat(configured.matches("my-own-token")).isTrue();
        assertThat(Files.exists(file())).isFalse();

        start("");
        String generated = stored();
        ApiToken configuredAgain = start("my-own-token");
        assertThat(configuredAgain.matches("my-own-token")).isTrue();
        assertThat(configuredAgain.matches(generated)).isFalse();
        assertThat(stored()).isEqualTo(generated);
    }

    @Test
    void theTokenFileIsReadableByItsOwnerOnly() throws Exception {
        start("");

        if (Files.getFileAttributeView(file(), PosixFileAttributeView.class) != null) {
            assertThat(Files.getPosixFilePermissions(file()))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        } else {
            assertThat(file().toFile().canRead()).isTrue();
        }
    }

    @Test
    void aTokenFileOthersCanReadIsMadeOwnerOnlyAgain() throws Exception {
        Files.writeString(file(), "restored-from-backup\n");
        if (Files.getFileAttributeView(file(), PosixFileAttributeView.class) == null) {
            return;
        }
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        ApiToken token = start("");

        assertThat(token.matches("restored-from-backup")).isTrue();
        assertThat(Files.getPosixFilePermissions(file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void anEmptyTokenFileIsReplacedByANewToken() throws Exception {
        Files.writeString(file(), "\n");

        ApiToken token = start("");

        assertThat(stored()).matches("[A-Za-z0-9_-]{43}");
        assertThat(token.matches(stored())).isTrue();
    }

    @Test
    void twoGeneratedTokensDiffer() throws Exception {
        start("");
        String first = stored();
        Files.delete(file());
        start("");
        assertThat(stored()).isNotEqualTo(first);
    }
}
