package io.wagateway.assistant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.assistant.MediaMessages.PHOTO;
import static io.wagateway.assistant.MediaMessages.VOICE_NOTE;
import static io.wagateway.assistant.MediaMessages.chats;
import static io.wagateway.assistant.MediaMessages.contentOf;
import static io.wagateway.assistant.MediaMessages.conversation;
import static io.wagateway.assistant.MediaMessages.imageUrlsOf;
import static io.wagateway.assistant.MediaMessages.sid;
import static io.wagateway.assistant.MediaMessages.textOf;
import static io.wagateway.assistant.MediaMessages.transcriptions;
import static io.wagateway.assistant.MediaMessages.twilioMedia;
import static io.wagateway.assistant.MediaMessages.twilioServes;
import static io.wagateway.support.FakeProviders.GRAPH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.wagateway.meta.MetaSignatureVerifier;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Without {@code AI_VISION} and {@code AI_TRANSCRIPTION_MODEL} (the defaults) the model reads what arrived in words:
 * a photo as its type and caption, a voice note as its type, a document by its name and caption, a file that could
 * not be downloaded as such. The files come from the providers' fakes through the gateway's download worker.
 */
class MediaDescriptionTest extends GatewayIntegrationTest {

    private static final String PHONE = "+5511977776666";
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void withoutVisionAPhotoIsItsTypeAndCaptionOnly() {
        String sid = sid();
        twilioServes(sid, PHOTO, "image/jpeg");
        assertThat(postTwilio(twilioMedia(sid, PHONE, "my receipt", "image/jpeg")).statusCode()).isEqualTo(200);

        JsonNode user = firstUserMessageAtTheModel();
        assertThat(textOf(user)).isEqualTo("[photo: image/jpeg] my receipt");
        assertThat(imageUrlsOf(user)).isEmpty();
        assertThat(chats().get(0).getBodyAsString()).doesNotContain("image_url").doesNotContain("base64");
    }

    @Test
    void withoutATranscriptionModelAVoiceNoteIsItsTypeAndNothingIsTranscribed() {
        String sid = sid();
        twilioServes(sid, VOICE_NOTE, "audio/ogg");
        assertThat(postTwilio(twilioMedia(sid, PHONE, "", "audio/ogg")).statusCode()).isEqualTo(200);

        assertThat(textOf(firstUserMessageAtTheModel())).isEqualTo("[voice message: audio/ogg]");
        assertThat(transcriptions()).isEmpty();
        assertThat(contentOf(jdbc, sid)).isEqualTo("[file: audio/ogg]");
    }

    @Test
    void aDocumentIsItsNameAndCaption() {
        String wamid = "wamid.document-" + sid();
        metaServes("1479537139650973", "%PDF-1.7 invoice".getBytes(StandardCharsets.US_ASCII), "application/pdf");
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + FakeProviders.META_PHONE_NUMBER_ID
                + "\"},\"contacts\":[{\"profile\":{\"name\":\"Kerry\"},\"wa_id\":\"16505551234\"}],\"messages\":[{"
                + "\"from\":\"16505551234\",\"id\":\"" + wamid + "\",\"timestamp\":\"1764150000\","
                + "\"type\":\"document\","
                + "\"document\":{\"id\":\"1479537139650973\",\"mime_type\":\"application/pdf\","
                + "\"filename\":\"invoice-may.pdf\",\"caption\":\"the invoice of May\"}}]}}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/meta"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", MetaSignatureVerifier.sign(body, FakeProviders.META_APP_SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()).statusCode()).isEqualTo(200);

        assertThat(textOf(firstUserMessageAtTheModel())).isEqualTo("[document: invoice-may.pdf] the invoice of May");
    }

    @Test
    void aPhotoThatCouldNotBeDownloadedIsSaidToBeSo() {
        String sid = sid();
        twilioServes(sid, aResponse().withStatus(404));
        assertThat(postTwilio(twilioMedia(sid, PHONE, "", "image/jpeg")).statusCode()).isEqualTo(200);

        assertThat(textOf(firstUserMessageAtTheModel())).isEqualTo("[photo: image/jpeg, could not be downloaded]");
    }

    /** Meta's lookup of {@code mediaId} answers a URL on the Graph fake serving {@code bytes}. */
    private static void metaServes(String mediaId, byte[] bytes, String contentType) {
        String bearer = "Bearer " + FakeProviders.META_ACCESS_TOKEN;
        GRAPH.stubFor(WireMock.get(urlPathEqualTo("/" + FakeProviders.META_API_VERSION + "/" + mediaId))
                .withHeader("Authorization", equalTo(bearer))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"url\":\""
                        + FakeProviders.graphBaseUrl() + "/lookaside/" + mediaId + "\",\"mime_type\":\""
                        + contentType + "\",\"file_size\":" + bytes.length + ",\"id\":\"" + mediaId
                        + "\",\"messaging_product\":\"whatsapp\"}")));
        GRAPH.stubFor(WireMock.get(urlPathEqualTo("/lookaside/" + mediaId)).withHeader("Authorization", equalTo(bearer))
                .willReturn(aResponse().withHeader("Content-Type", contentType).withBody(bytes)));
    }

    private static JsonNode firstUserMessageAtTheModel() {
        await().atMost(LIMIT).until(() -> chats().size() == 1);
        return conversation(chats().get(0)).get(0);
    }
}
