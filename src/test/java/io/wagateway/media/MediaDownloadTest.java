package io.wagateway.media;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.wagateway.support.FakeProviders.GRAPH;
import static io.wagateway.support.FakeProviders.KOMMO;
import static io.wagateway.support.FakeProviders.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.wagateway.Fixtures;
import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import io.wagateway.webhook.FormBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The downloads of what users send, at the providers' fakes: Twilio with HTTP Basic (and none after its redirect
 * to storage), Meta's lookup then bearer download with its checksum, Kommo's link; retries, final failures, the
 * size limit, and a redelivery stored once.
 */
@TestPropertySource(properties = {"gateway.media.max-bytes=4096", "gateway.media.download-timeout-ms=1500"})
class MediaDownloadTest extends GatewayIntegrationTest {

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (FakeProviders.ACCOUNT_SID + ":" + FakeProviders.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
    private static final String BEARER = "Bearer " + FakeProviders.META_ACCESS_TOKEN;
    private static final byte[] PHOTO = "a small jpeg, as far as this test is concerned".repeat(20)
            .getBytes(StandardCharsets.UTF_8);

    @Autowired
    private MediaStore store;

    @BeforeEach
    void modelAnswers() {
        FakeProviders.aiAnswers("Thanks!");
    }

    @Test
    void twilioMediaIsDownloadedWithBasicAuthOnlyAfterTheWebhookWasAnswered() throws Exception {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/ME1")).withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withFixedDelay(700).withHeader("Content-Type", "image/jpeg")
                        .withBody(PHOTO)));

        HttpResponse<String> answer = postTwilio(twilioMedia("MM0001", "/media/ME1"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT status FROM media", String.class)).isEqualTo("pending");
        Map<String, Object> media = awaitFinished();
        assertThat(media).containsEntry("status", "stored").containsEntry("content_type", "image/jpeg")
                .containsEntry("size_bytes", (long) PHOTO.length).containsEntry("sha256", sha256(PHOTO))
                .containsEntry("attempts", 1);
        assertThat(stored(sha256(PHOTO))).isEqualTo(PHOTO);
    }

    @Test
    void twilioRedirectToItsStorageCarriesNoCredentials() throws Exception {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/ME2")).withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withStatus(307)
                        .withHeader("Location", FakeProviders.kommoBaseUrl() + "/storage/ME2?signature=abc")));
        // signed storage refuses a request that also carries credentials, as S3 does
        KOMMO.stubFor(WireMock.get(urlPathEqualTo("/storage/ME2")).withHeader("Authorization", absent())
                .willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(PHOTO)));

        postTwilio(twilioMedia("MM0002", "/media/ME2"));

        assertThat(awaitFinished()).containsEntry("status", "stored").containsEntry("sha256", sha256(PHOTO));
    }

    @Test
    void everyAttachmentOfOneTwilioMessageHasItsOwnRow() {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/ME3")).willReturn(aResponse().withBody(PHOTO)));
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/ME4")).willReturn(aResponse().withBody("second")));
        Map<String, String> form = twilioMedia("MM0003", "/media/ME3");
        form.put("NumMedia", "2");
        form.put("MediaUrl1", FakeProviders.twilioBaseUrl() + "/media/ME4");
        form.put("MediaContentType1", "application/pdf");

        postTwilio(form);

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM media WHERE status = 'stored'")
                == 2);
        assertThat(jdbc.queryForList("SELECT position, content_type FROM media ORDER BY position"))
                .containsExactly(Map.of("position", 0, "content_type", "image/jpeg"),
                        Map.of("position", 1, "content_type", "application/pdf"));
    }

    @Test
    void metaMediaIsLookedUpThenDownloadedWithTheBearerAndItsChecksumChecked() throws Exception {
        metaServes("111", PHOTO, PHOTO);

        postMeta(metaImage("wamid.media-1", "111", base64Sha256(PHOTO)));

        Map<String, Object> media = awaitFinished();
        assertThat(media).containsEntry("status", "stored").containsEntry("sha256", sha256(PHOTO))
                .containsEntry("source_id", "111");
        assertThat(stored(sha256(PHOTO))).isEqualTo(PHOTO);
        GRAPH.verify(1, getRequestedFor(urlPathEqualTo("/" + FakeProviders.META_API_VERSION + "/111"))
                .withHeader("Authorization", equalTo(BEARER)));
    }

    @Test
    void aMetaFileWhoseChecksumDiffersIsTriedAgainThenFailed() {
        metaServes("222", "not the announced bytes".getBytes(StandardCharsets.UTF_8), PHOTO);

        postMeta(metaImage("wamid.media-2", "222", null));

        Map<String, Object> media = awaitFinished();
        assertThat(media).containsEntry("status", "failed").containsEntry("attempts", 3);
        assertThat((String) media.get("failure_reason")).contains("SHA-256 differs").contains("after 3 attempts");
        GRAPH.verify(3, getRequestedFor(urlPathEqualTo("/lookaside/222")));
    }

    @Test
    void aFileTheProviderNoLongerHasFailsAtOnceAndTheReplyStillGoesOut() {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/gone")).willReturn(aResponse().withStatus(404)));

        postTwilio(twilioMedia("MM0004", "/media/gone"));

        Map<String, Object> media = awaitFinished();
        assertThat(media).containsEntry("status", "failed").containsEntry("attempts", 1)
                .containsEntry("failure_reason", "the provider no longer has the file (404)")
                .containsEntry("sha256", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = 'accepted'") == 1);
    }

    @Test
    void aServerErrorIsTriedAgainAndTheNextAttemptStoresTheFile() {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/flaky")).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/flaky")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withBody(PHOTO)));

        postTwilio(twilioMedia("MM0005", "/media/flaky"));

        assertThat(awaitFinished()).containsEntry("status", "stored").containsEntry("attempts", 2)
                .containsEntry("failure_reason", null);
    }

    @Test
    void aFileThatDribblesPastTheDeadlineIsTriedAgainThenFailed() {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/slow")).willReturn(aResponse().withBody(PHOTO)
                .withChunkedDribbleDelay(8, 4000)));

        postTwilio(twilioMedia("MM0006", "/media/slow"));

        Map<String, Object> media = awaitFinished();
        assertThat(media).containsEntry("status", "failed").containsEntry("attempts", 3);
        assertThat((String) media.get("failure_reason")).contains("took longer than 1 s");
    }

    @Test
    void aFileAnnouncedOverTheLimitIsRecordedTooLargeWithoutBeingRead() {
        byte[] large = new byte[5000];
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/large")).willReturn(aResponse()
                .withHeader("Content-Length", "5000").withBody(large)));

        postTwilio(twilioMedia("MM0007", "/media/large"));

        Map<String, Object> media = awaitFinished();
        assertThat(media).containsEntry("status", "too_large").containsEntry("attempts", 1)
                .containsEntry("size_bytes", 5000L).containsEntry("sha256", null);
        assertThat((String) media.get("failure_reason")).contains("MEDIA_MAX_BYTES (4096 bytes)");
    }

    @Test
    void aFileThatGrowsPastTheLimitWithoutSayingItsLengthIsRecordedTooLargeAndNotKept() {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/chunked")).willReturn(aResponse().withBody(new byte[5000])
                .withChunkedDribbleDelay(2, 50)));

        postTwilio(twilioMedia("MM0009", "/media/chunked"));

        Map<String, Object> media = awaitFinished();
        assertThat(media).containsEntry("status", "too_large").containsEntry("attempts", 1)
                .containsEntry("size_bytes", null).containsEntry("sha256", null);
        assertThat(Path.of(MEDIA_DIR, "tmp")).isEmptyDirectory();
    }

    @Test
    void aRedeliveredMediaMessageIsStoredAndDownloadedOnce() {
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/ME8")).willReturn(aResponse().withBody(PHOTO)));
        Map<String, String> form = twilioMedia("MM0008", "/media/ME8");

        postTwilio(form);
        awaitFinished();
        assertThat(postTwilio(form).statusCode()).isEqualTo(200);

        assertThat(count("SELECT count(*) FROM media")).isEqualTo(1);
        TWILIO.verify(1, getRequestedFor(urlPathEqualTo("/media/ME8")));
    }

    @Test
    void kommoAttachmentIsDownloadedFromItsLink() throws Exception {
        KOMMO.stubFor(WireMock.get(urlPathEqualTo("/files/contract.pdf")).willReturn(aResponse()
                .withHeader("Content-Type", "application/pdf").withBody(PHOTO)));
        Map<String, String> form = KommoWebhooks.message(0, "f0000000-0000-0000-0000-0000000000a1",
                "f0000000-0000-0000-0000-0000000000c1", "incoming", "");
        form.put("message[add][0][attachment][type]", "file");
        form.put("message[add][0][attachment][link]", FakeProviders.kommoBaseUrl() + "/files/contract.pdf");
        form.put("message[add][0][attachment][file_name]", "contract.pdf");

        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/webhooks/kommo?secret=" + FakeProviders.KOMMO_WEBHOOK_SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TwilioWebhooks.encode(form))).build());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(awaitFinished()).containsEntry("status", "stored").containsEntry("filename", "contract.pdf")
                .containsEntry("content_type", "application/pdf").containsEntry("sha256", sha256(PHOTO));
    }

    @Test
    void twilioImageFixtureIsDownloadedFromItsMediaUrlPath() throws Exception {
        Map<String, String> form = new LinkedHashMap<>(FormBody.parse(Fixtures.bytes("twilio-inbound-image.form")));
        URI twilioUrl = URI.create(form.get("MediaUrl0"));
        // Twilio's own host is the fake's: the same path, with the account's credentials
        form.put("MediaUrl0", FakeProviders.twilioBaseUrl() + twilioUrl.getPath());
        TWILIO.stubFor(WireMock.get(urlPathEqualTo(twilioUrl.getPath())).withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(PHOTO)));

        assertThat(postTwilio(form).statusCode()).isEqualTo(200);

        assertThat(awaitFinished()).containsEntry("status", "stored").containsEntry("content_type", "image/jpeg")
                .containsEntry("sha256", sha256(PHOTO));
    }

    @Test
    void metaImageFixtureIsLookedUpByItsMediaIdAndTheLookupsChecksumIsChecked() throws Exception {
        // the fixture's own sha256 ("4654+8g=") is a placeholder, not a SHA-256: the lookup's is checked
        metaServes("65463453", PHOTO, PHOTO);

        postMeta(Fixtures.bytes("meta-inbound-image.json"));

        assertThat(awaitFinished()).containsEntry("status", "stored").containsEntry("source_id", "65463453")
                .containsEntry("sha256", sha256(PHOTO));
        GRAPH.verify(1, getRequestedFor(urlPathEqualTo("/" + FakeProviders.META_API_VERSION + "/65463453")));
    }

    @Test
    void metaVoiceFixtureWhoseBytesDifferFromItsAnnouncedChecksumIsNotKept() {
        // the lookup announces nothing; the webhook's sha256 (a real one) is not that of the bytes served
        String lookaside = FakeProviders.graphBaseUrl() + "/lookaside/1234567890987654321";
        GRAPH.stubFor(WireMock.get(urlPathEqualTo("/" + FakeProviders.META_API_VERSION + "/1234567890987654321"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"url\":\"" + lookaside + "\",\"mime_type\":\"audio/ogg\"}")));
        GRAPH.stubFor(WireMock.get(urlPathEqualTo("/lookaside/1234567890987654321"))
                .willReturn(aResponse().withHeader("Content-Type", "audio/ogg").withBody(PHOTO)));

        postMeta(Fixtures.bytes("meta-inbound-audio-voice.json"));

        Map<String, Object> media = awaitFinished();
        assertThat(media).containsEntry("status", "failed").containsEntry("sha256", null);
        assertThat((String) media.get("failure_reason")).contains("SHA-256 differs");
    }

    private Map<String, String> twilioMedia(String messageSid, String mediaPath) {
        Map<String, String> form = TwilioWebhooks.text(messageSid, "+5511999990077", "");
        form.put("NumMedia", "1");
        form.put("MediaUrl0", FakeProviders.twilioBaseUrl() + mediaPath);
        form.put("MediaContentType0", "image/jpeg");
        return form;
    }

    /** Meta's lookup answers a URL on the fake serving {@code served}; its sha256 is that of {@code announced}. */
    private static void metaServes(String mediaId, byte[] served, byte[] announced) {
        String lookaside = FakeProviders.graphBaseUrl() + "/lookaside/" + mediaId;
        GRAPH.stubFor(WireMock.get(urlPathEqualTo("/" + FakeProviders.META_API_VERSION + "/" + mediaId))
                .withHeader("Authorization", equalTo(BEARER))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"url\":\""
                        + lookaside + "\",\"mime_type\":\"image/jpeg\",\"sha256\":\"" + base64Sha256(announced)
                        + "\",\"file_size\":" + served.length + ",\"id\":\"" + mediaId
                        + "\",\"messaging_product\":\"whatsapp\"}")));
        GRAPH.stubFor(WireMock.get(urlPathEqualTo("/lookaside/" + mediaId)).withHeader("Authorization", equalTo(BEARER))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(served)));
    }

    private static byte[] metaImage(String wamid, String mediaId, String sha256) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":["
                + "{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550000000\","
                + "\"phone_number_id\":\"" + FakeProviders.META_PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":"
                + "{\"name\":\"Ana\"},\"wa_id\":\"5511999990088\"}],\"messages\":[{\"from\":\"5511999990088\",\"id\":\""
                + wamid + "\",\"timestamp\":\"" + System.currentTimeMillis() / 1000 + "\",\"type\":\"image\","
                + "\"image\":{\"mime_type\":\"image/jpeg\"," + (sha256 == null ? "" : "\"sha256\":\"" + sha256 + "\",")
                + "\"id\":\"" + mediaId + "\"}}]}}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    private void postMeta(byte[] body) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/webhooks/meta"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=" + hmacSha256(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private Map<String, Object> awaitFinished() {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM media") > 0
                && count("SELECT count(*) FROM media WHERE status = 'pending'") == 0);
        return jdbc.queryForMap("SELECT status, content_type, size_bytes, sha256, attempts, failure_reason, "
                + "source_id, filename FROM media");
    }

    private byte[] stored(String sha256) throws IOException {
        try (InputStream in = store.open(sha256)) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String base64Sha256(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacSha256(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(FakeProviders.META_APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
