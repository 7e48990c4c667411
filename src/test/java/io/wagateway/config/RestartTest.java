package io.wagateway.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.wagateway.media.MediaStore;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.GatewayProcess;
import io.wagateway.support.TwilioWebhooks;
import io.wagateway.support.Workers;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a restart keeps: the embedded database's data, the media files, and the work that was acknowledged. */
class RestartTest {

    private final String dataDir = Path.of("target", "test-pg", "restart-" + UUID.randomUUID()).toString();
    private final String mediaDir = Path.of("target", "test-media", "restart-" + UUID.randomUUID()).toString();

    @BeforeEach
    void freshFakes() {
        FakeProviders.reset();
    }

    @Test
    void acknowledgedMessageIsAnsweredExactlyOnceAfterARestartBetweenAckAndReply() {
        try (GatewayProcess intake = GatewayProcess.start(Map.of(
                "gateway.embedded-db.dir", dataDir, "gateway.worker.enabled", "false"))) {
            assertThat(GatewayIntegrationTest.postTwilio(intake.port(), TwilioWebhooks.text(
                    "SM00000000000000000000000000000099", "+15550009999", "are you there?")).statusCode())
                    .isEqualTo(200);
            assertThat(intake.jdbc().queryForObject("SELECT count(*) FROM reply_jobs", Integer.class)).isEqualTo(1);
        }
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).isEmpty();

        try (GatewayProcess restarted = GatewayProcess.start(Map.of("gateway.embedded-db.dir", dataDir))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> restarted.jdbc().queryForObject(
                    "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = 'accepted'",
                    Integer.class) == 1);
            assertThat(restarted.jdbc().queryForObject("SELECT count(*) FROM reply_jobs", Integer.class)).isZero();
        }
        try (GatewayProcess again = GatewayProcess.start(Map.of("gateway.embedded-db.dir", dataDir))) {
            // a whole round of its workers found nothing to answer or send again
            new Workers(again.bean(CamelContext.class)).awaitRepliesSettled();
            assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).hasSize(1);
            assertThat(again.jdbc().queryForObject("SELECT count(*) FROM kommo_messages", Integer.class)).isEqualTo(2);
        }
    }

    @Test
    void mediaAcknowledgedBeforeARestartIsDownloadedAfterItAndKeptAcrossTheNext() throws Exception {
        byte[] photo = "the photo sent just before the restart".getBytes(StandardCharsets.UTF_8);
        TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/restart")).willReturn(aResponse().withBody(photo)));
        Map<String, String> form = TwilioWebhooks.text("MM00000000000000000000000000000097", "+15550007777", "");
        form.put("NumMedia", "1");
        form.put("MediaUrl0", FakeProviders.twilioBaseUrl() + "/media/restart");
        form.put("MediaContentType0", "image/jpeg");
        Map<String, String> intakeOnly = Map.of("gateway.embedded-db.dir", dataDir, "gateway.media.dir", mediaDir,
                "gateway.worker.enabled", "false");
        Map<String, String> working = Map.of("gateway.embedded-db.dir", dataDir, "gateway.media.dir", mediaDir);
        try (GatewayProcess intake = GatewayProcess.start(intakeOnly)) {
            assertThat(GatewayIntegrationTest.postTwilio(intake.port(), form).statusCode()).isEqualTo(200);
        }
        TWILIO.verify(0, getRequestedFor(urlPathEqualTo("/media/restart")));

        String sha256;
        try (GatewayProcess restarted = GatewayProcess.start(working)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> restarted.jdbc().queryForObject(
                    "SELECT count(*) FROM media WHERE status = 'stored'", Integer.class) == 1);
            sha256 = restarted.jdbc().queryForObject("SELECT sha256 FROM media", String.class);
        }
        try (GatewayProcess again = GatewayProcess.start(working);
             InputStream kept = again.bean(MediaStore.class).open(sha256)) {
            assertThat(kept.readAllBytes()).isEqualTo(photo);
            String mediaId = again.jdbc().queryForObject("SELECT id::text FROM media", String.class);
            HttpResponse<byte[]> readBack = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + again.port() + "/api/media/" + mediaId))
                    .header("Authorization", "Bearer " + GatewayIntegrationTest.API_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(readBack.statusCode()).isEqualTo(200);
            assertThat(readBack.body()).isEqualTo(photo);
        }
        TWILIO.verify(1, getRequestedFor(urlPathEqualTo("/media/restart")));
    }

    @Test
    void embeddedDatabaseKeepsItsDataAcrossARestart() {
        String conversationId;
        try (GatewayProcess first = GatewayProcess.start(Map.of("gateway.embedded-db.dir", dataDir))) {
            GatewayIntegrationTest.postTwilio(first.port(), TwilioWebhooks.text(
                    "SM00000000000000000000000000000098", "+15550008888", "remember me"));
            conversationId = first.jdbc().queryForObject("SELECT id::text FROM kommo_conversations", String.class);
        }
        try (GatewayProcess second = GatewayProcess.start(Map.of("gateway.embedded-db.dir", dataDir))) {
            assertThat(second.jdbc().queryForObject("SELECT id::text FROM kommo_conversations", String.class))
                    .isEqualTo(conversationId);
            assertThat(second.jdbc().queryForObject(
                    "SELECT content FROM kommo_messages WHERE role = 'user'", String.class)).isEqualTo("remember me");
            assertThat(second.jdbc().queryForObject("SHOW fsync", String.class)).isEqualTo("on");
            assertThat(second.jdbc().queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
        }
    }
}
