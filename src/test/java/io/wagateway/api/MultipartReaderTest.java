package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming multipart reader: parts and their exact bytes, however the body arrives, and broken bodies. */
class MultipartReaderTest {

    /** A stream that hands out at most {@code chunk} bytes per read, as a network does. */
    private static InputStream trickling(byte[] body, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void eachPartHasItsHeadersAndExactlyItsBytesWhateverTheReadSizes() throws IOException {
        byte[] file = new byte[200_000];
        new Random(7).nextBytes(file);
        // bytes that look like the start of a delimiter inside the content
        System.arraycopy("\r\n--------------------".getBytes(StandardCharsets.US_ASCII), 0, file, 65_530, 22);
        byte[] body = MediaUploadsClient.form("file", "a.bin", "application/octet-stream", file);
        for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
            MultipartReader reader = new MultipartReader(trickling(body, chunk),
                    MediaUploadsClient.BOUNDARY);

            MultipartReader.Part note = reader.next();
            assertThat(note.headers().get("content-disposition")).isEqualTo("form-data; name=\"note\"");
            MultipartReader.Part part = reader.next();
            assertThat(part.headers()).containsEntry("content-type", "application/octet-stream");
            assertThat(part.content().readAllBytes()).as("chunk %d", chunk).isEqualTo(file);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void anUnreadPartIsSkippedAndTheFirstDelimiterMayFollowAPreamble() throws IOException {
        String body = "preamble\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nfirst\r\n--b  \r\n"
                + "Content-Disposition: form-data; name=\"file\"\r\n\r\nsecond\r\n--b--\r\nepilogue";
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                "b");

        reader.next();
        MultipartReader.Part file = reader.next();

        assertThat(new String(file.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(reader.next()).isNull();
    }

    @Test
    void brokenBodiesAreMalformed() {
        for (String body : new String[] {"no delimiter at all", "--b\r\nContent-Disposition: x\r\n\r\ncut short",
                "--b\r\nno colon\r\n\r\nx\r\n--b--", "--bX\r\n"}) {
            assertThatThrownBy(() -> {
                MultipartReader reader = new MultipartReader(new ByteArrayInputStream(
                        body.getBytes(StandardCharsets.UTF_8)), "b");
                for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                    part.content().readAllBytes();
                }
            }).as(body).isInstanceOf(MultipartReader.Malformed.class);
        }
    }
}
