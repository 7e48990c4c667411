package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the model reads of a message with media, and what a voice note's message says once transcribed. */
class HistoryMessageTest {

    private static final UUID MESSAGE = UUID.randomUUID();

    static ReplyMedia media(String contentType, String filename, String status) {
        return new ReplyMedia(UUID.randomUUID(), MESSAGE, contentType, filename, status,
                "stored".equals(status) ? "ab".repeat(32) : null, 1000L, null, null, false, false, false);
    }

    static ReplyMedia voiceNote(String transcript, String transcriptError) {
        return new ReplyMedia(UUID.randomUUID(), MESSAGE, "audio/ogg; codecs=opus", null, "stored", "cd".repeat(32),
                2000L, transcript, transcriptError, true, false, false);
    }

    private static HistoryMessage user(String content, ReplyMedia... media) {
        return new HistoryMessage(MESSAGE, "user", content, content, List.of(media));
    }

    @Test
    void aPhotoWithoutCaptionIsItsTypeAndWithACaptionBoth() {
        assertThat(user("[image: image/jpeg]", media("image/jpeg", null, "stored")).text())
                .isEqualTo("[photo: image/jpeg]");
        assertThat(user("my receipt", media("image/jpeg", null, "stored")).text())
                .isEqualTo("[photo: image/jpeg] my receipt");
    }

    @Test
    void aDocumentIsItsNameAndCaption() {
        assertThat(user("[document: invoice.pdf]", media("application/pdf", "invoice.pdf", "stored")).text())
                .isEqualTo("[document: invoice.pdf]");
        assertThat(user("the invoice of May", media("application/pdf", "invoice.pdf", "stored")).text())
                .isEqualTo("[document: invoice.pdf] the invoice of May");
    }

    @Test
    void whatCouldNotBeDownloadedOrTranscribedIsSaid() {
        assertThat(user("[image: image/jpeg]", media("image/jpeg", null, "failed")).text())
                .isEqualTo("[photo: image/jpeg, could not be downloaded]");
        assertThat(user("[file: video/mp4]", media("video/mp4", null, "too_large")).text())
                .isEqualTo("[video: video/mp4, too large to download]");
        assertThat(user("[file: audio/ogg]", media("audio/ogg", null, "pending")).text())
                .isEqualTo("[voice message: audio/ogg, not downloaded yet]");
        assertThat(user("[voice message: audio/ogg]", voiceNote(null, "refused (HTTP 400)")).text())
                .isEqualTo("[voice message: audio/ogg, could not be transcribed]");
    }

    @Test
    void aTranscribedVoiceNoteIsWhatWasSaid() {
        ReplyMedia note = voiceNote(null, null);
        HistoryMessage message = user("[voice message: audio/ogg]", note);
        Map<UUID, String> transcripts = new HashMap<>(Map.of(note.id(), " Is the shop open on Sunday? "));

        assertThat(message.contentWithTranscripts(transcripts))
                .isEqualTo("[voice message] Is the shop open on Sunday?");

        HistoryMessage transcribed = new HistoryMessage(MESSAGE, "user", "[voice message] Is the shop open on Sunday?",
                "[voice message: audio/ogg]", List.of(voiceNote("Is the shop open on Sunday?", null)));
        assertThat(transcribed.text()).isEqualTo("[voice message] Is the shop open on Sunday?");
    }

    @Test
    void whatTheUserWroteBesideVoiceNotesStaysAfterTheirTranscripts() {
        ReplyMedia first = voiceNote(null, null);
        ReplyMedia second = new ReplyMedia(UUID.randomUUID(), MESSAGE, "audio/mpeg", null, "stored", "ef".repeat(32),
                10L, null, null, false, false, false);
        HistoryMessage message = user("listen to these", first, second);

        assertThat(message.contentWithTranscripts(Map.of(first.id(), "one", second.id(), "two")))
                .isEqualTo("[voice message] one\n[audio] two\nlisten to these");
        assertThat(message.contentWithTranscripts(Map.of())).isEqualTo("listen to these");
    }

    @Test
    void aKommoPictureWithoutContentTypeIsAPhotoByItsMessageType() {
        ReplyMedia picture = new ReplyMedia(UUID.randomUUID(), MESSAGE, null, "IMG_1.jpg", "pending", null, null,
                null, null, false, true, true);

        assertThat(picture.kind()).isEqualTo(MediaKind.PHOTO);
        assertThat(user("[image]", picture).text()).isEqualTo("[photo: IMG_1.jpg, not downloaded yet]");
    }

    @Test
    void historyRowsCarryTheirMediaAsJson() {
        UUID id = UUID.randomUUID();
        String json = "[{\"id\":\"" + id + "\",\"messageId\":\"" + MESSAGE + "\",\"contentType\":\"image/png\","
                + "\"filename\":null,\"status\":\"stored\",\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":12,"
                + "\"transcript\":null,\"transcriptError\":null,\"voice\":false,\"imageMessage\":true,"
                + "\"awaited\":false}]";
        Map<String, Object> withMedia = new HashMap<>(Map.of("id", MESSAGE, "role", "user", "content", "look",
                "originalContent", "look", "media", json));
        Map<String, Object> without = new HashMap<>(Map.of("id", UUID.randomUUID(), "role", "assistant",
                "content", "Nice!", "originalContent", "Nice!"));
        without.put("media", null);

        List<HistoryMessage> history = HistoryMessage.fromRows(List.of(withMedia, without), new ObjectMapper());

        assertThat(history.get(0).media()).containsExactly(new ReplyMedia(id, MESSAGE, "image/png", null, "stored",
                "ab".repeat(32), 12L, null, null, false, true, false));
        assertThat(history.get(0).text()).isEqualTo("[photo: image/png] look");
        assertThat(history.get(1).media()).isEmpty();
        assertThat(history.get(1).text()).isEqualTo("Nice!");
    }

    @Test
    void theMessagesAnsweredAreTheUsersLastBurst() {
        List<HistoryMessage> history = List.of(new HistoryMessage("user", "a"), new HistoryMessage("assistant", "b"),
                new HistoryMessage("user", "c"), new HistoryMessage("user", "d"));

        assertThat(HistoryMessage.answeredFrom(history)).isEqualTo(2);
        assertThat(HistoryMessage.answeredFrom(List.of(new HistoryMessage("assistant", "b")))).isEqualTo(1);
    }
}
