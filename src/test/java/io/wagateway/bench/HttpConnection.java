package io.wagateway.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection, blocking, for one thread at a time. Much lighter than
 * {@code java.net.http.HttpClient} per request, which matters when the load generator shares two cores
 * with the gateway it measures.
 */
final class HttpConnection implements Closeable {

    /** What came back: the status and the body's bytes. */
    record Response(int status, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int TIMEOUT_MS = 30_000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean reused;
    private boolean answerStarted;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Response post(Request request) throws IOException {
        return exchange("POST", request.pathAndQuery(), request.contentType(), request.headers(), request.body());
    }

    Response get(String pathAndQuery) throws IOException {
        return exchange("GET", pathAndQuery, null, new String[0], null);
    }

    private Response exchange(String method, String path, String contentType, String[] headers, byte[] body)
            throws IOException {
        boolean wasReused = socket != null && reused;
        answerStarted = false;
        try {
            return once(method, path, contentType, headers, body);
        } catch (IOException e) {
            close();
            if (!wasReused || answerStarted || e instanceof java.net.SocketTimeoutException) {
                throw e;
            }
        }
        // the server had closed the kept-alive connection before reading this request: send it again
        try {
            return once(method, path, contentType, headers, body);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Response once(String method, String path, String contentType, String[] headers, byte[] body)
            throws IOException {
        if (socket == null) {
            open();
        }
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        Response response = read();
        reused = true;
        return response;
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        reused = false;
    }

    private Response read() throws IOException {
        String statusLine = line(true);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(false); !header.isEmpty(); header = line(false)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunkedBody();
        } else if (contentLength >= 0) {
            body = in.readNBytes((int) contentLength);
            if (body.length < contentLength) {
                throw new EOFException("body shorter than Content-Length");
            }
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(false);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                while (!line(false).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(false);
        }
    }

    /** One CRLF-terminated line. */
    private String line(boolean first) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(first && line.length() == 0
                        ? "connection closed by the server before the answer"
                        : "connection closed in the middle of an answer");
            }
            answerStarted = true;
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }
}
