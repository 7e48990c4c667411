package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.media.MediaProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /api/media} and {@code GET /api/media/{id}}: uploads, reading a file back, who may, what is refused. */
class ApiMediaTest extends ApiIntegrationTestBase {

    static final byte[] JPEG = new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I',
            'F', 0, 1, 2, 3, (byte) 0xff, (byte) 0xd9, '\r', '\n', '-', '-'};

    @Autowired
    private MediaProperties mediaProperties;

    HttpResponse<String> upload(byte[] body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/media"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + API_TOKEN)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    JsonNode uploaded(String filename, String contentType, byte[] content) throws IOException {
        HttpResponse<String> response = upload(MediaUploadsClient.form("file", filename, contentType, content),
                MediaUploadsClient.contentType());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private HttpResponse<byte[]> download(String path, boolean withToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (withToken) {
            request.header("Authorization", "Bearer " + API_TOKEN);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private long filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void anUploadIsStoredAndAnswered201AndReadBackWithItsTypeLengthAndName() throws Exception {
        JsonNode answer = uploaded("C:\\photos\\receipt 01.jpg", "image/jpeg", JPEG);

        assertThat(answer.path("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(answer.path("size").asLong()).isEqualTo(JPEG.length);
        assertThat(answer.path("filename").asText()).isEqualTo("receipt 01.jpg");
        assertThat(answer.path("status").asText()).isEqualTo("stored");
        Map<String, Object> row = jdbc.queryForMap("SELECT origin, status, message_id, sha256, size_bytes FROM media "
                + "WHERE id = ?", UUID.fromString(answer.path("id").asText()));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JPEG));
        assertThat(row).containsEntry("origin", "upload").containsEntry("status", "stored")
                .containsEntry("sha256", sha256).containsEntry("size_bytes", (long) JPEG.length);
        assertThat(row.get("message_id")).isNull();
        assertThat(Path.of(mediaProperties.dir(), sha256.substring(0, 2), sha256)).hasBinaryContent(JPEG);

        HttpResponse<byte[]> file = download("/api/media/" + answer.path("id").asText(), true);

        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(JPEG);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(file.headers().firstValue("Content-Length")).hasValue(String.valueOf(JPEG.length));
        assertThat(file.headers().firstValue("Content-Disposition"))
                .hasValue("inline; filename=\"receipt 01.jpg\"; filename*=UTF-8''receipt%2001.jpg");
        assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void aDocumentIsAnAttachmentAndAPartWithoutTypeIsOctetStream() throws Exception {
        byte[] pdf = "%PDF-1.4 invoice".getBytes(StandardCharsets.US_ASCII);
        JsonNode document = uploaded("invoice-é.pdf", "application/pdf", pdf);
        JsonNode untyped = uploaded(null, null, "plain bytes".getBytes(StandardCharsets.US_ASCII));

        HttpResponse<byte[]> file = download("/api/media/" + document.path("id").asText(), true);

        assertThat(file.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"invoice-_.pdf\"; filename*=UTF-8''invoice-%C3%A9.pdf");
        assertThat(untyped.path("contentType").asText()).isEqualTo("application/octet-stream");
        assertThat(untyped.path("filename").isNull()).isTrue();
        assertThat(download("/api/media/" + untyped.path("id").asText(), true).headers()
                .firstValue("Content-Disposition")).hasValue("attachment");
    }

    @Test
    void readingMediaNeedsTheTokenAndAnUnknownIdIs404ANonUuid400AndAnUnstoredItem409() throws Exception {
        JsonNode answer = uploaded("a.jpg", "image/jpeg", JPEG);
        UUID pending = jdbc.queryForObject("INSERT INTO media (origin, source_url, content_type) VALUES ('kommo', "
                + "'https://files.example.com/a.ogg', 'audio/ogg') RETURNING id", UUID.class);

        HttpResponse<byte[]> anonymous = download("/api/media/" + answer.path("id").asText(), false);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new String(anonymous.body(), StandardCharsets.UTF_8)).contains("\"error\":\"unauthorized\"");
        HttpResponse<String> withoutToken = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/media")).header("Content-Type", MediaUploadsClient.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(MediaUploadsClient.form("file", "a.jpg", "image/jpeg",
                        JPEG))).build());
        assertThat(withoutToken.statusCode()).isEqualTo(401);

        UUID unknown = UUID.randomUUID();
        JsonNode notFound = getJson("/api/media/" + unknown, 404);
        assertThat(notFound.path("error").asText()).isEqualTo("media not found");
        assertThat(notFound.path("detail").asText()).contains(unknown.toString());
        assertThat(getJson("/api/media/42", 400).path("error").asText()).isEqualTo("invalid parameter id");
        JsonNode notStored = getJson("/api/media/" + pending, 409);
        assertThat(notStored.path("error").asText()).isEqualTo("media not stored");
        assertThat(notStored.path("detail").asText()).contains("pending");
    }

    @Test
    void aFileOverTheLimitIs413AndLeavesNoRowAndNoPartialFile() throws Exception {
        Path tmp = Path.of(mediaProperties.dir(), "tmp");
        long before = filesIn(tmp);
        byte[] tooLarge = new byte[(int) (mediaProperties.maxBytes() + 1)];

        HttpResponse<String> response = upload(MediaUploadsClient.form("file", "big.mp4", "video/mp4", tooLarge),
                MediaUploadsClient.contentType());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        JsonNode error = json.readTree(response.body());
        assertThat(error.path("error").asText()).isEqualTo("file too large");
        assertThat(error.path("detail").asText()).contains(String.valueOf(mediaProperties.maxBytes()))
                .contains("MEDIA_MAX_BYTES");
        assertThat(count("SELECT count(*) FROM media")).isZero();
        assertThat(filesIn(tmp)).isEqualTo(before);
    }

    @Test
    void bodiesThatAreNoUploadAre400Or415AndStoreNothing() throws Exception {
        record Case(byte[] body, String contentType, int status, String error, String detail) {
        }
        byte[] malformed = "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end".getBytes(
                StandardCharsets.US_ASCII);
        for (Case c : new Case[] {
            new Case(MediaUploadsClient.form("document", "a.pdf", "application/pdf", JPEG),
                    MediaUploadsClient.contentType(), 400, "invalid field file", "no part named file"),
            new Case(MediaUploadsClient.form("file", "a.pdf", "application/pdf", new byte[0]),
                    MediaUploadsClient.contentType(), 400, "invalid field file", "the file is empty"),
            new Case(MediaUploadsClient.form("file", "a.pdf", "not a type", JPEG),
                    MediaUploadsClient.contentType(), 400, "invalid field file", "invalid Content-Type"),
            new Case(malformed, "multipart/form-data; boundary=x", 400, "invalid multipart body", "ends inside"),
            new Case(JPEG, "multipart/form-data", 400, "invalid multipart body", "no boundary"),
            new Case(JPEG, "image/jpeg", 415, "unsupported media type", "multipart/form-data"),
            new Case("{\"file\": \"x\"}".getBytes(StandardCharsets.UTF_8), "application/json", 415,
                    "unsupported media type", "multipart/form-data")}) {
            HttpResponse<String> response = upload(c.body(), c.contentType());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(c.status());
            JsonNode error = json.readTree(response.body());
            assertThat(error.path("error").asText()).as(response.body()).isEqualTo(c.error());
            assertThat(error.path("detail").asText()).as(response.body()).contains(c.detail());
        }
        assertThat(count("SELECT count(*) FROM media")).isZero();
        // the other endpoints keep taking JSON only
        assertThat(call("POST", "/api/messages", null).statusCode()).isEqualTo(400);
        HttpResponse<String> multipartElsewhere = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/messages")).header("Authorization", "Bearer " + API_TOKEN)
                .header("Content-Type", MediaUploadsClient.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(MediaUploadsClient.form("file", "a", null, JPEG)))
                .build());
        assertThat(multipartElsewhere.statusCode()).isEqualTo(415);
    }

    @Test
    void messagesCarryTheirMediaAndTheFirstAsMediaAndMessagesWithoutNone() throws Exception {
        UUID conversation = conversation("twilio", "+5511999990001", "active", "1 minute");
        UUID message = jdbc.queryForObject("""
                INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content, message_type)
                VALUES (?, 'twilio', 'MM1', 'user', '[image]', 'image') RETURNING id""", UUID.class, conversation);
        jdbc.update("""
                INSERT INTO media (message_id, position, origin, source_url, content_type, status, sha256, size_bytes,
                                   transcript)
                VALUES (?, 0, 'twilio', 'https://api.twilio.com/m/0', 'image/jpeg', 'stored', repeat('a', 64), 20,
                        NULL),
                       (?, 1, 'twilio', 'https://api.twilio.com/m/1', 'audio/ogg', 'stored', repeat('b', 64), 30,
                        'see you at five')""", message, message);
        jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content) VALUES (?, 'twilio', "
                + "'assistant', 'plain text')", conversation);

        JsonNode messages = getJson("/api/conversations/" + conversation + "/messages", 200).path("messages");

        JsonNode withMedia = messages.path(0);
        assertThat(withMedia.path("attachments")).hasSize(2);
        assertThat(withMedia.path("media")).isEqualTo(withMedia.path("attachments").path(0));
        assertThat(withMedia.path("media").path("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(withMedia.path("media").path("size").asLong()).isEqualTo(20);
        assertThat(withMedia.path("media").path("status").asText()).isEqualTo("stored");
        assertThat(withMedia.path("attachments").path(1).path("transcript").asText()).isEqualTo("see you at five");
        assertThat(withMedia.path("media").has("id")).isTrue();
        assertThat(messages.path(1).has("media")).isFalse();
        assertThat(messages.path(1).has("attachments")).isFalse();
    }
}
