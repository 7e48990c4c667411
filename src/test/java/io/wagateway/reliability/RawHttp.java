package io.wagateway.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A POST over a plain socket, for bodies a server is expected to refuse before reading them: the body is
 * written on another thread while the answer is read, so an early answer (413) is seen even though the
 * server stops reading and closes the connection.
 */
final class RawHttp {

    record Answer(int status, String head, String body) {
    }

    private RawHttp() {
    }

    /** Posts {@code body} with a declared Content-Length, or chunked when {@code chunked}. */
    static Answer post(int port, String pathAndQuery, String contentType, byte[] body, boolean chunked,
                       String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder("POST " + pathAndQuery + " HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Connection: close\r\n");
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeBody(out, body, chunked));
            byte[] answer = readAnswer(socket.getInputStream());
            writing.cancel(true);
            return parse(answer);
        }
    }

    /** A request exactly as written, path included: no client normalizes or encodes it on the way. */
    static Answer request(int port, String method, String rawPath, String... headers) throws IOException {
        return request(port, method, rawPath, new byte[0], headers);
    }

    static Answer request(int port, String method, String rawPath, byte[] body, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + rawPath + " HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Connection: close\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            return parse(readAnswer(socket.getInputStream()));
        }
    }

    /** A POST that announces {@code declaredLength} bytes, sends {@code body} (fewer) and stops sending. */
    static Answer cutShort(int port, String path, String contentType, int declaredLength, byte[] body)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + declaredLength + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            return parse(readAnswer(socket.getInputStream()));
        }
    }

    private static void writeBody(OutputStream out, byte[] body, boolean chunked) {
        int piece = 64 * 1024;
        try {
            for (int offset = 0; offset < body.length; offset += piece) {
                int length = Math.min(piece, body.length - offset);
                if (chunked) {
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(body, offset, length);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException e) {
            // the server answered and closed the connection before reading everything: expected
        }
    }

    /** Everything the server sends until it closes the connection (or resets it after answering). */
    private static byte[] readAnswer(InputStream in) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                answer.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // a reset after the answer: what was read is the answer
        }
        return answer.toByteArray();
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IllegalStateException("no HTTP answer, got: " + text.substring(0, Math.min(200, text.length())));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        return new Answer(status, text.substring(0, end), text.substring(end + 4));
    }
}
