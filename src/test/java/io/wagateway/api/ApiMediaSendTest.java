package io.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.GRAPH;
import static io.wagateway.support.FakeProviders.KOMMO;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.support.FakeProviders;
import io.wagateway.webhook.FormBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Media sent through {@code POST /api/conversations/{id}/messages}: an upload or a URL, to each provider's fake, the
 * bytes that reach it asserted; the window and the retries as for text; and every refused input with nothing stored.
 */
class ApiMediaSendTest extends ApiIntegrationTestBase {

    private static final String GRAPH_MESSAGES = "/" + FakeProviders.META_API_VERSION + "/"
            + FakeProviders.META_PHONE_NUMBER_ID + "/messages";
    private static final String GRAPH_MEDIA = "/" + FakeProviders.META_API_VERSION + "/"
            + FakeProviders.META_PHONE_NUMBER_ID + "/media";
    private static final String KOMMO_MESSAGES = "/v2/origin/custom/" + FakeProviders.KOMMO_SCOPE_ID;
    private static final byte[] PNG = new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
            'I', 'H', 'D', 'R', 1, 2, 3, 4};
    private static final byte[] PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF".getBytes(
            StandardCharsets.US_ASCII);

    private String upload(String filename, String contentType, byte[] content) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/media")).header("Authorization", "Bearer " + API_TOKEN)
                .header("Content-Type", MediaUploadsClient.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(MediaUploadsClient.form("file", filename, contentType,
                        content))).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).path("id").asText();
    }

    private static String path(UUID conversation) {
        return "/api/conversations/" + conversation + "/messages";
    }

    private Map<String, Object> row(String messageId) {
        return jdbc.queryForMap("SELECT content, message_type, metadata::text AS metadata, delivery_status, "
                + "delivery_error_code, send_attempts FROM kommo_messages WHERE id = ?", UUID.fromString(messageId));
    }

    private void awaitStatus(String messageId, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(row(messageId).get("delivery_status")));
    }

    private List<LoggedRequest> twilioRequests() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)));
    }

    private HttpResponse<byte[]> fetch(String method, String url) throws Exception {
        String local = url.replace(PUBLIC_BASE_URL, "http://localhost:" + port);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(local))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static ResponseDefinitionBuilder graphAccepted(String wamid) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"5511999990001\","
                        + "\"wa_id\":\"5511999990001\"}],\"messages\":[{\"id\":\"" + wamid + "\"}]}");
    }

    @Test
    void twilioGetsASignedLinkUnderThePublicBaseUrlThatServesTheFileOnlyWithItsSignature() throws Exception {
        String media = upload("receipt.png", "image/png", PNG);
        UUID conversation = conversation("twilio", "+5511999990001", "active", "1 minute");
        lastUserMessage(conversation, "1 hour");

        JsonNode answer = callJson("POST", path(conversation), body("media", media, "text", "Your receipt"), 201);

        String messageId = answer.path("messageId").asText();
        awaitStatus(messageId, "accepted");
        assertThat(row(messageId)).containsEntry("content", "Your receipt").containsEntry("message_type", "image");
        JsonNode metadata = json.readTree((String) row(messageId).get("metadata"));
        assertThat(metadata.path("media").path("mediaId").asText()).isEqualTo(media);
        assertThat(metadata.path("media").path("contentType").asText()).isEqualTo("image/png");
        assertThat(metadata.path("media").path("caption").asText()).isEqualTo("Your receipt");
        assertThat(twilioRequests()).hasSize(1);
        Map<String, String> form = FormBody.parse(twilioRequests().get(0).getBody());
        assertThat(form).containsEntry("To", "whatsapp:+5511999990001").containsEntry("Body", "Your receipt")
                .containsEntry("From", FakeProviders.WHATSAPP_FROM);
        String link = form.get("MediaUrl");
        assertThat(link).matches(PUBLIC_BASE_URL.replace(".", "\\.") + "/media/" + media
                + "\\?expires=\\d+&signature=[A-Za-z0-9_-]{43}");

        HttpResponse<byte[]> served = fetch("GET", link);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(PNG);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("inline; filename=\"receipt.png\""));
        HttpResponse<byte[]> head = fetch("HEAD", link);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(PNG.length));

        String unsigned = link.substring(0, link.indexOf('?'));
        String tampered = link.replaceAll("signature=.", "signature=" + (link.contains("signature=A") ? "B" : "A"));
        String later = link.replaceAll("expires=(\\d+)", "expires=$19");
        for (String refused : List.of(unsigned, tampered, later, unsigned + "?expires=1&signature=")) {
            HttpResponse<byte[]> answer403 = fetch("GET", refused);
            assertThat(answer403.statusCode()).as(refused).isEqualTo(403);
            assertThat(new String(answer403.body(), StandardCharsets.UTF_8))
                    .contains("\"error\":\"invalid signature\"");
        }
        assertThat(fetch("GET", link.replace(media, UUID.randomUUID().toString())).statusCode()).isEqualTo(403);
    }

    @Test
    void metaUploadsAStoredItemToItsMediaEndpointThenSendsItById() throws Exception {
        GRAPH.stubFor(post(urlPathEqualTo(GRAPH_MEDIA)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"4490709327384033\"}")));
        GRAPH.stubFor(post(urlPathEqualTo(GRAPH_MESSAGES)).willReturn(graphAccepted("wamid.media-1")));
        String media = upload("photo.png", "image/png", PNG);
        UUID conversation = conversation("meta", "+5511999990001", "active", "1 minute");
        lastUserMessage(conversation, "1 hour");

        String messageId = callJson("POST", path(conversation), body("media", media, "caption", "Here it is"), 201)
                .path("messageId").asText();

        awaitStatus(messageId, "accepted");
        List<LoggedRequest> uploads = GRAPH.findAll(postRequestedFor(urlPathEqualTo(GRAPH_MEDIA)));
        assertThat(uploads).hasSize(1);
        LoggedRequest upload = uploads.get(0);
        assertThat(upload.getHeader("Authorization")).isEqualTo("Bearer " + FakeProviders.META_ACCESS_TOKEN);
        assertThat(upload.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(upload.getPart("messaging_product").getBody().asString()).isEqualTo("whatsapp");
        assertThat(upload.getPart("type").getBody().asString()).isEqualTo("image/png");
        assertThat(upload.getPart("file").getBody().asBytes()).isEqualTo(PNG);
        assertThat(upload.getPart("file").getHeader("Content-Type").firstValue()).isEqualTo("image/png");
        JsonNode sent = json.readTree(GRAPH.findAll(postRequestedFor(urlPathEqualTo(GRAPH_MESSAGES))).get(0)
                .getBodyAsString());
        assertThat(sent.path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(sent.path("to").asText()).isEqualTo("5511999990001");
        assertThat(sent.path("type").asText()).isEqualTo("image");
        assertThat(sent.path("image").path("id").asText()).isEqualTo("4490709327384033");
        assertThat(sent.path("image").path("caption").asText()).isEqualTo("Here it is");
        assertThat(sent.path("image").has("link")).isFalse();
        assertThat(jdbc.queryForObject("SELECT provider_message_id FROM kommo_messages WHERE id = ?", String.class,
                UUID.fromString(messageId))).isEqualTo("wamid.media-1");
    }

    @Test
    void aMetaUserKnownOnlyByTheirBsuidGetsTheMediaAddressedToTheBsuid() throws Exception {
        GRAPH.stubFor(post(urlPathEqualTo(GRAPH_MEDIA)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"4490709327384099\"}")));
        GRAPH.stubFor(post(urlPathEqualTo(GRAPH_MESSAGES)).willReturn(graphAccepted("wamid.media-bsuid")));
        String media = upload("photo.png", "image/png", PNG);
        UUID conversation = jdbc.queryForObject("INSERT INTO kommo_conversations (provider, user_id, status) "
                + "VALUES ('meta', 'BR.1582043977165209', 'active') RETURNING id", UUID.class);
        lastUserMessage(conversation, "1 hour");

        String messageId = callJson("POST", path(conversation), body("media", media), 201).path("messageId").asText();

        awaitStatus(messageId, "accepted");
        JsonNode sent = json.readTree(GRAPH.findAll(postRequestedFor(urlPathEqualTo(GRAPH_MESSAGES))).get(0)
                .getBodyAsString());
        assertThat(sent.path("recipient").asText()).isEqualTo("BR.1582043977165209");
        assertThat(sent.has("to")).isFalse();
        assertThat(sent.path("image").path("id").asText()).isEqualTo("4490709327384099");
    }

    @Test
    void metaSendsAnHttpsUrlByLinkAsTheDocumentItsNameSays() throws Exception {
        GRAPH.stubFor(post(urlPathEqualTo(GRAPH_MESSAGES)).willReturn(graphAccepted("wamid.media-2")));
        UUID conversation = conversation("meta", "+5511999990001", "active", "1 minute");
        lastUserMessage(conversation, "1 hour");

        String messageId = callJson("POST", path(conversation), body("media",
                "https://93.184.215.14/files/receipt.pdf", "text", "Your invoice"), 201).path("messageId").asText();

        awaitStatus(messageId, "accepted");
        assertThat(GRAPH.findAll(postRequestedFor(urlPathEqualTo(GRAPH_MEDIA)))).isEmpty();
        JsonNode sent = json.readTree(GRAPH.findAll(postRequestedFor(urlPathEqualTo(GRAPH_MESSAGES))).get(0)
                .getBodyAsString());
        assertThat(sent.path("type").asText()).isEqualTo("document");
        assertThat(sent.path("document").path("link").asText()).isEqualTo("https://93.184.215.14/files/receipt.pdf");
        assertThat(sent.path("document").path("filename").asText()).isEqualTo("receipt.pdf");
        assertThat(sent.path("document").path("caption").asText()).isEqualTo("Your invoice");
        assertThat(row(messageId)).containsEntry("message_type", "file");
    }

    @Test
    void kommoGetsASignedFileMessageWithTheLinkNameAndSize() throws Exception {
        KOMMO.stubFor(post(urlPathEqualTo(KOMMO_MESSAGES)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"new_message\":{\"msgid\":\"0f7f0b3c-1b51-4f66-9f2b-1d3a3c1b2a02\"}}")));
        String media = upload("contract.pdf", "application/pdf", PDF);
        UUID conversation = conversation("kommo", "+5511999990001", "active", "1 minute");

        String messageId = callJson("POST", path(conversation), body("media", media, "caption", "The contract"), 201)
                .path("messageId").asText();

        awaitStatus(messageId, "accepted");
        LoggedRequest request = KOMMO.findAll(postRequestedFor(urlPathEqualTo(KOMMO_MESSAGES))).get(0);
        JsonNode message = json.readTree(request.getBody()).path("payload").path("message");
        assertThat(message.path("type").asText()).isEqualTo("file");
        assertThat(message.path("text").asText()).isEqualTo("The contract");
        assertThat(message.path("file_name").asText()).isEqualTo("contract.pdf");
        assertThat(message.path("file_size").asLong()).isEqualTo(PDF.length);
        String link = message.path("media").asText();
        assertThat(link).startsWith(PUBLIC_BASE_URL + "/media/" + media + "?expires=");
        assertThat(fetch("GET", link).body()).isEqualTo(PDF);
        String contentMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(request.getBody()));
        assertThat(request.getHeader("Content-MD5")).isEqualTo(contentMd5);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(FakeProviders.KOMMO_CHANNEL_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        assertThat(request.getHeader("X-Signature")).isEqualTo(HexFormat.of().formatHex(mac.doFinal(String.join("\n",
                "POST", contentMd5, request.getHeader("Content-Type"), request.getHeader("Date"), request.getUrl())
                .getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void outsideTheWindowWithoutATemplateMediaWaitsQueuedAndGoesOutWhenTheUserWrites() throws Exception {
        String media = upload("menu.png", "image/png", PNG);
        UUID conversation = conversation("twilio", "+5511999990007", "active", "1 minute");
        lastUserMessage(conversation, "2 days");

        JsonNode answer = callJson("POST", path(conversation), body("media", media, "text", "Our menu"), 202);

        assertThat(answer.path("delivery").asText()).isEqualTo("queued");
        String messageId = answer.path("messageId").asText();
        assertThat(row(messageId)).containsEntry("delivery_status", "queued");
        assertThat(twilioRequests()).isEmpty();

        assertThat(postTwilio(Map.of("MessageSid", "SM" + "1".repeat(32), "From", "whatsapp:+5511999990007",
                "To", FakeProviders.WHATSAPP_FROM, "Body", "hi again")).statusCode()).isEqualTo(200);

        awaitStatus(messageId, "accepted");
        Map<String, String> first = FormBody.parse(twilioRequests().get(0).getBody());
        assertThat(first.get("MediaUrl")).startsWith(PUBLIC_BASE_URL + "/media/" + media + "?expires=");
        assertThat(first).containsEntry("Body", "Our menu");
    }

    @Test
    void aMediaSendThatFailsAtTheProviderIsRetriedThenAcceptedOrFailedAtOnceLikeText() throws Exception {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed once")
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":503}")));
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("failed once").willSetStateTo("refusing")
                .willReturn(FakeProviders.twilioCreated()));
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("refusing")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":63019,\"message\":\"Media failed to download\",\"status\":400}")));
        String media = upload("a.png", "image/png", PNG);
        UUID conversation = conversation("twilio", "+5511999990008", "active", "1 minute");
        lastUserMessage(conversation, "1 hour");

        String retried = callJson("POST", path(conversation), body("media", media), 201).path("messageId").asText();
        awaitStatus(retried, "accepted");
        String refused = callJson("POST", path(conversation), body("media", media), 201).path("messageId").asText();
        awaitStatus(refused, "failed");

        assertThat(row(retried)).containsEntry("send_attempts", 2).containsEntry("content", "[image: a.png]");
        assertThat(row(refused)).containsEntry("send_attempts", 1).containsEntry("delivery_error_code", "63019");
        assertThat(twilioRequests()).hasSize(3).allSatisfy(request -> assertThat(FormBody.parse(request.getBody()))
                .containsKey("MediaUrl").doesNotContainKey("Body"));
    }

    @Test
    void badMediaIsRefusedWithItsJsonErrorAndStoresNoMessage() throws Exception {
        String zip = upload("a.zip", "application/zip", PNG);
        String text = upload("notes.txt", "text/plain", PDF);
        UUID pending = jdbc.queryForObject("INSERT INTO media (origin, source_url, content_type) VALUES ('twilio', "
                + "'https://api.twilio.com/m/9', 'image/jpeg') RETURNING id", UUID.class);
        UUID twilio = conversation("twilio", "+5511999990001", "active", "1 minute");
        UUID meta = conversation("meta", "+5511999990002", "active", "1 minute");
        UUID kommo = conversation("kommo", "+5511999990003", "active", "1 minute");
        record Case(UUID conversation, String body, int status, String error, String detail) {
        }
        UUID unknown = UUID.randomUUID();
        String notPublic = "loopback, private or link-local";
        for (Case c : List.of(
                new Case(twilio, body("media", "http://93.184.215.14/a.jpg"), 400, "invalid field media", "https"),
                new Case(twilio, body("media", "ftp://93.184.215.14/a.jpg"), 400, "invalid field media", "https"),
                new Case(twilio, body("media", "a picture"), 400, "invalid field media", "https URL"),
                new Case(twilio, body("media", "https://localhost/a.jpg"), 400, "invalid field media", notPublic),
                new Case(twilio, body("media", "https://127.0.0.1:8080/a.jpg"), 400, "invalid field media", notPublic),
                new Case(meta, body("media", "https://10.1.2.3/a.jpg"), 400, "invalid field media", notPublic),
                new Case(meta, body("media", "https://172.16.0.9/a.jpg"), 400, "invalid field media", notPublic),
                new Case(meta, body("media", "https://192.168.1.20/a.jpg"), 400, "invalid field media", notPublic),
                new Case(meta, body("media", "https://169.254.169.254/latest"), 400, "invalid field media", notPublic),
                new Case(meta, body("media", "https://[::1]/a.jpg"), 400, "invalid field media", notPublic),
                new Case(meta, body("media", "https://[fd00::1]/a.jpg"), 400, "invalid field media", notPublic),
                new Case(meta, body("media", "https://user:pw@93.184.215.14/a.jpg"), 400, "invalid field media",
                        "credentials"),
                new Case(meta, body("media", "https://no-such-host.invalid/a.jpg"), 400, "invalid field media",
                        "cannot be resolved"),
                new Case(meta, body("media", zip), 400, "unsupported media type for meta", "application/zip"),
                new Case(twilio, body("media", text), 400, "unsupported media type for twilio", "text/plain"),
                new Case(meta, body("media", "https://93.184.215.14/a.gif"), 400, "unsupported media type for meta",
                        "image/gif"),
                new Case(kommo, body("media", "https://93.184.215.14/a.pdf"), 400, "invalid field media",
                        "upload it"),
                new Case(twilio, body("media", unknown.toString()), 404, "media not found", unknown.toString()),
                new Case(twilio, body("media", pending.toString()), 409, "media not stored", "pending"),
                new Case(twilio, body("media", zip, "text", "a", "caption", "b"), 400, "invalid field caption",
                        "not both"),
                new Case(meta, body("media", zip, "caption", "x".repeat(1025)), 400, "unsupported media type for meta",
                        "application/zip"),
                new Case(meta, body("media", text, "caption", "x".repeat(1025)), 400, "invalid field caption",
                        "at most 1024"),
                new Case(twilio, body("text", "hi", "caption", "b"), 400, "invalid field caption", "goes with media"),
                new Case(twilio, body("media", zip, "filename", "../etc/passwd"), 400, "invalid field filename",
                        "without /"))) {
            JsonNode error = callJson("POST", path(c.conversation()), c.body(), c.status());

            assertThat(error.path("error").asText()).as(c.body()).isEqualTo(c.error());
            assertThat(error.path("detail").asText()).as(c.body()).contains(c.detail());
        }
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM media")).isEqualTo(3);
    }
}
