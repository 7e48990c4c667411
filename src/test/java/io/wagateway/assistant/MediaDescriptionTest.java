package io.wagateway.assistant;

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
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.media.MediaStore;
import io.wagateway.meta.MetaSignatureVerifier;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Without {@code AI_VISION} and {@code AI_TRANSCRIPTION_MODEL} (the defaults) the model reads what arrived in words:
 * a photo as its type and caption, a voice note as its type, a document by its name and caption, a file that could
 * not be downloaded as such.
 */
class MediaDescriptionTest extends GatewayIntegrationTest {

    private static final String PHONE = "+5511977776666";
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Autowired
    private MediaStore store;

    @Test
    void withoutVisionAPhotoIsItsTypeAndCaptionOnly() {
        String sid = sid();
        assertThat(postTwilio(twilioMedia(sid, PHONE, "my receipt", "image/jpeg")).statusCode()).isEqualTo(200);
        MediaMessages.store(jdbc, store, sid, PHOTO);

        JsonNode user = firstUserMessageAtTheModel();
        assertThat(textOf(user)).isEqualTo("[photo: image/jpeg] my receipt");
        assertThat(imageUrlsOf(user)).isEmpty();
        assertThat(chats().get(0).getBodyAsString()).doesNotContain("image_url").doesNotContain("base64");
    }

    @Test
    void withoutATranscriptionModelAVoiceNoteIsItsTypeAndNothingIsTranscribed() {
        String sid = sid();
        assertThat(postTwilio(twilioMedia(sid, PHONE, "", "audio/ogg")).statusCode()).isEqualTo(200);
        MediaMessages.store(jdbc, store, sid, VOICE_NOTE);

        assertThat(textOf(firstUserMessageAtTheModel())).isEqualTo("[voice message: audio/ogg]");
        assertThat(transcriptions()).isEmpty();
        assertThat(contentOf(jdbc, sid)).isEqualTo("[file: audio/ogg]");
    }

    @Test
    void aDocumentIsItsNameAndCaption() {
        String wamid = "wamid.document-" + sid();
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
        MediaMessages.store(jdbc, store, wamid, "%PDF-1.7 invoice".getBytes(StandardCharsets.US_ASCII));

        assertThat(textOf(firstUserMessageAtTheModel())).isEqualTo("[document: invoice-may.pdf] the invoice of May");
    }

    @Test
    void aPhotoThatCouldNotBeDownloadedIsSaidToBeSo() {
        String sid = sid();
        assertThat(postTwilio(twilioMedia(sid, PHONE, "", "image/jpeg")).statusCode()).isEqualTo(200);
        jdbc.update("UPDATE media SET status = 'failed', failure_reason = 'HTTP 404', finished_at = now()");

        assertThat(textOf(firstUserMessageAtTheModel())).isEqualTo("[photo: image/jpeg, could not be downloaded]");
    }

    private static JsonNode firstUserMessageAtTheModel() {
        await().atMost(LIMIT).until(() -> chats().size() == 1);
        return conversation(chats().get(0)).get(0);
    }
}
