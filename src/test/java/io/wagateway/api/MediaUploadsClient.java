package io.wagateway.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Multipart bodies as curl -F writes them, for the upload tests. */
final class MediaUploadsClient {

    static final String BOUNDARY = "------------------------d74496d66958873e";

    private MediaUploadsClient() {
    }

    /** One part {@code name} with the file's bytes, its file name and type ({@code null}: no such header). */
    static byte[] form(String name, String filename, String contentType, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n");
        write(body, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n");
        body.writeBytes(content);
        write(body, "\r\n--" + BOUNDARY + "--\r\n");
        return body.toByteArray();
    }

    static String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    private static void write(ByteArrayOutputStream body, String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
