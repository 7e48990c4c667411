package io.wagateway.assistant;

import dev.langchain4j.http.client.FormDataFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body of known length (RFC 7578), as a transcription request is sent: the fields,
 * then the files with their names and types.
 */
record MultipartBody(String contentType, byte[] bytes) {

    static MultipartBody of(Map<String, String> fields, Map<String, FormDataFile> files) {
        String boundary = "wagateway-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quoted(name) + "\"\r\n\r\n");
            write(body, value + "\r\n");
        });
        files.forEach((name, file) -> {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quoted(name)
                    + "\"; filename=\"" + quoted(file.fileName()) + "\"\r\nContent-Type: "
                    + (file.contentType() == null ? "application/octet-stream" : file.contentType()) + "\r\n\r\n");
            body.writeBytes(file.content());
            write(body, "\r\n");
        });
        write(body, "--" + boundary + "--\r\n");
        return new MultipartBody("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    private static void write(ByteArrayOutputStream body, String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A name inside the quotes of a header parameter: no quote, no line break. */
    private static String quoted(String name) {
        return String.valueOf(name).replaceAll("[\"\\r\\n]", "_");
    }
}
