package io.wagateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) part by part as it arrives, without keeping a part in memory
 * or on disk: each part's content is a stream that ends at the next delimiter, so an upload can go straight into the
 * media store with its size bounded there. A body that is not well-formed multipart is a {@link Malformed}.
 */
final class MultipartReader {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    /** The body is not the multipart it says it is. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    /** One part: its headers (names in lower case) and its content, readable until the part ends. */
    record Part(Map<String, String> headers, InputStream content) {
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int head;
    private int tail;
    private boolean inPart = true;
    private boolean partEnded;
    private boolean finished;

    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[BUFFER + delimiter.length];
        // the first delimiter has no line break before it: read the body as if it had one (the preamble is a part)
        buffer[0] = '\r';
        buffer[1] = '\n';
        this.tail = 2;
    }

    /** The next part, once what is left of the current one (or the preamble) is skipped; {@code null} at the end. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (inPart) {
            skipRestOfPart();
        }
        head += delimiter.length;
        require(2, "the body ends after a delimiter");
        if (buffer[head] == '-' && buffer[head + 1] == '-') {
            finished = true;
            return null;
        }
        while (true) {
            require(1, "the body ends after a delimiter");
            if (buffer[head] != ' ' && buffer[head] != '\t') {
                break;
            }
            head++;
        }
        expectLineBreak();
        Map<String, String> headers = headers();
        inPart = true;
        partEnded = false;
        return new Part(headers, new PartStream());
    }

    private void skipRestOfPart() throws IOException {
        byte[] scratch = new byte[8 * 1024];
        while (readPart(scratch, 0, scratch.length) >= 0) {
            // skipped
        }
        inPart = false;
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new HashMap<>();
        int read = 0;
        while (true) {
            String line = line();
            read += line.length() + 2;
            if (read > MAX_HEADER_BYTES) {
                throw new Malformed("the headers of a part are too long");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Malformed("a part has a header line without a name");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    /** One header line without its CRLF, read as UTF-8 (browsers send file names so). */
    private String line() throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = head + scanned; i + 1 < tail; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    String line = new String(buffer, head, i - head, StandardCharsets.UTF_8);
                    head = i + 2;
                    return line;
                }
            }
            scanned = Math.max(0, tail - head - 1);
            if (tail - head >= MAX_HEADER_BYTES || fill() < 0) {
                throw new Malformed("the headers of a part do not end");
            }
        }
    }

    private void expectLineBreak() throws IOException {
        require(2, "the body ends after a delimiter");
        if (buffer[head] != '\r' || buffer[head + 1] != '\n') {
            throw new Malformed("a delimiter is not followed by a line break");
        }
        head += 2;
    }

    /** At least {@code count} unread bytes in the buffer, else the body is cut short. */
    private void require(int count, String problem) throws IOException {
        while (tail - head < count) {
            if (fill() < 0) {
                throw new Malformed(problem);
            }
        }
    }

    /** Moves the unread bytes to the start and reads more after them: how many, or -1 at the end of the body. */
    private int fill() throws IOException {
        if (head > 0) {
            System.arraycopy(buffer, head, buffer, 0, tail - head);
            tail -= head;
            head = 0;
        }
        if (tail == buffer.length) {
            return 0;
        }
        int read = in.read(buffer, tail, buffer.length - tail);
        if (read > 0) {
            tail += read;
        }
        return read;
    }

    /** Where the delimiter starts in the unread bytes, or -1. */
    private int delimiterIndex() {
        int last = tail - delimiter.length;
        outer:
        for (int i = head; i <= last; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private int readPart(byte[] target, int offset, int length) throws IOException {
        if (partEnded) {
            return -1;
        }
        while (true) {
            int delimiterAt = delimiterIndex();
            int available = delimiterAt >= 0 ? delimiterAt - head : tail - head - (delimiter.length - 1);
            if (available > 0) {
                int count = Math.min(length, available);
                System.arraycopy(buffer, head, target, offset, count);
                head += count;
                return count;
            }
            if (delimiterAt == head) {
                partEnded = true;
                return -1;
            }
            if (fill() < 0) {
                throw new Malformed("the body ends inside a part, before its closing delimiter");
            }
        }
    }

    /** The content of the current part. */
    private final class PartStream extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            return readPart(target, offset, length);
        }
    }
}
