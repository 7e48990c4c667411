package io.wagateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMediaStoreTest {

    private static final byte[] VOICE_NOTE = "OggS\u0000 a voice note's bytes".getBytes(StandardCharsets.ISO_8859_1);
    private static final String VOICE_NOTE_SHA256 =
            HexFormat.of().formatHex(HashingCopy.sha256().digest(VOICE_NOTE));

    @TempDir
    Path mediaDir;

    @Test
    void aPutFileIsKeptAtItsSha256UnderItsFirstTwoHexDigitsAndOpensToTheSameBytes() throws IOException {
        LocalMediaStore store = new LocalMediaStore(mediaDir);

        StoredFile stored = store.put(new ByteArrayInputStream(VOICE_NOTE), 1024);

        assertThat(stored).isEqualTo(new StoredFile(VOICE_NOTE_SHA256, VOICE_NOTE.length));
        Path file = mediaDir.resolve(VOICE_NOTE_SHA256.substring(0, 2)).resolve(VOICE_NOTE_SHA256);
        assertThat(file).hasBinaryContent(VOICE_NOTE);
        assertThat(store.contains(VOICE_NOTE_SHA256)).isTrue();
        try (InputStream in = store.open(VOICE_NOTE_SHA256)) {
            assertThat(in.readAllBytes()).isEqualTo(VOICE_NOTE);
        }
        assertThat(mediaDir.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void theSameContentPutTwiceIsKeptOnce() throws IOException {
        LocalMediaStore store = new LocalMediaStore(mediaDir);

        StoredFile first = store.put(new ByteArrayInputStream(VOICE_NOTE), 1024);
        StoredFile second = store.put(new ByteArrayInputStream(VOICE_NOTE), 1024);

        assertThat(second).isEqualTo(first);
        assertThat(regularFilesUnder(mediaDir)).containsExactly(
                mediaDir.resolve(VOICE_NOTE_SHA256.substring(0, 2)).resolve(VOICE_NOTE_SHA256));
    }

    @Test
    void contentLargerThanTheLimitLeavesNothingBehind() throws IOException {
        LocalMediaStore store = new LocalMediaStore(mediaDir);

        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(VOICE_NOTE), VOICE_NOTE.length - 1))
                .isInstanceOf(MediaTooLargeException.class)
                .satisfies(e -> assertThat(((MediaTooLargeException) e).maxBytes()).isEqualTo(VOICE_NOTE.length - 1));

        assertThat(regularFilesUnder(mediaDir)).isEmpty();
        assertThat(store.contains(VOICE_NOTE_SHA256)).isFalse();
    }

    @Test
    void aMissingFileIsFileNotFound() throws IOException {
        LocalMediaStore store = new LocalMediaStore(mediaDir);

        assertThat(store.contains(VOICE_NOTE_SHA256)).isFalse();
        assertThatThrownBy(() -> store.open(VOICE_NOTE_SHA256)).isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void anAddressThatIsNotASha256IsRefused() throws IOException {
        LocalMediaStore store = new LocalMediaStore(mediaDir);
        Files.writeString(mediaDir.resolve("secret.txt"), "not media");

        assertThatThrownBy(() -> store.open("../secret.txt")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(VOICE_NOTE_SHA256.toUpperCase()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.contains(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Path> regularFilesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
