package io.wagateway.assistant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.assistant.MediaMessages.PHOTO;
import static io.wagateway.assistant.MediaMessages.TRANSCRIPTIONS_PATH;
import static io.wagateway.assistant.MediaMessages.VOICE_NOTE;
import static io.wagateway.assistant.MediaMessages.chats;
import static io.wagateway.assistant.MediaMessages.contentOf;
import static io.wagateway.assistant.MediaMessages.conversation;
import static io.wagateway.assistant.MediaMessages.imageUrlsOf;
import static io.wagateway.assistant.MediaMessages.mediaOf;
import static io.wagateway.assistant.MediaMessages.sid;
import static io.wagateway.assistant.MediaMessages.textOf;
import static io.wagateway.assistant.MediaMessages.transcript;
import static io.wagateway.assistant.MediaMessages.transcriptionAnswers;
import static io.wagateway.assistant.MediaMessages.transcriptions;
import static io.wagateway.assistant.MediaMessages.twilioMedia;
import static io.wagateway.assistant.MediaMessages.twilioServes;
import static io.wagateway.assistant.ReplyWorkFixture.PHONE;
import static io.wagateway.assistant.ReplyWorkFixture.sentBodies;
import static io.wagateway.support.FakeProviders.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.LogCapture;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The assistant sees and hears (issue 14.3), with {@code AI_TRANSCRIPTION_MODEL=whisper-1}, {@code AI_VISION=true}
 * and {@code MEDIA_WAIT_MS} 20 s: the reply waits for media being downloaded (by the gateway's download worker, from
 * the Twilio fake), voice notes are transcribed at the fake model's {@code /v1/audio/transcriptions} and read
 * as what was said, photos go to the chat as image content. RETRY_MAX_ATTEMPTS is 3, without backoff.
 */
class ReplyMediaTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static ReplyWorkFixture fixture;

    @BeforeAll
    static void startGateway() {
        fixture = ReplyWorkFixture.start(Map.of(
                "gateway.ai.transcription-model", "whisper-1",
                "gateway.ai.vision", "true",
                "gateway.media.wait-ms", "20000",
                "gateway.retry.max-attempts", "3"));
    }

    @AfterAll
    static void stopGateway() {
        fixture.close();
    }

    @BeforeEach
    void startFromScratch() {
        fixture.startFromScratch();
    }

    @Test
    void theReplyWaitsForAPhotoBeingDownloadedThenShowsItToTheModel() {
        String sid = sid();
        // the download takes 6 s: the reply is put back meanwhile, more often than RETRY_MAX_ATTEMPTS claims,
        // none of which counts as an attempt
        twilioServes(sid, aResponse().withFixedDelay(6000).withHeader("Content-Type", "image/jpeg").withBody(PHOTO));
        try (LogCapture logs = LogCapture.open()) {
            waitLogged(() -> {
                deliver(twilioMedia(sid, PHONE, "is this part broken?", "image/jpeg"));
                await().atMost(LIMIT).until(() -> sentBodies().size() == 1);
            });
            assertThat(waits(logs)).isGreaterThanOrEqualTo(4);
        }

        assertThat(chats()).hasSize(1);
        assertThat(chats().get(0).getLoggedDate().toInstant()).isAfter(((java.sql.Timestamp) mediaOf(fixture.jdbc(),
                sid).get("finished_at")).toInstant());
        JsonNode user = conversation(chats().get(0)).get(0);
        assertThat(textOf(user)).isEqualTo("[photo: image/jpeg] is this part broken?");
        assertThat(imageUrlsOf(user)).containsExactly("data:image/jpeg;base64,"
                + Base64.getEncoder().encodeToString(PHOTO));
        assertThat(fixture.count("SELECT count(*) FROM reply_dead_letters")).isZero();

        // answered, the photo is history: words only in the next call
        fixture.userWrites("thanks");
        await().atMost(LIMIT).until(() -> chats().size() == 2);
        List<JsonNode> next = conversation(chats().get(1));
        assertThat(next.stream().map(MediaMessages::textOf)).containsExactly(
                "[photo: image/jpeg] is this part broken?", "Hello from the fake model!", "thanks");
        assertThat(next.stream().flatMap(message -> imageUrlsOf(message).stream())).isEmpty();
    }

    @Test
    void theReplyGoesAheadWithoutAFileNotDownloadedInTime() {
        String sid = sid();
        // slower than the wait
        twilioServes(sid, aResponse().withFixedDelay(8000).withHeader("Content-Type", "image/jpeg").withBody(PHOTO));
        try (LogCapture logs = LogCapture.open()) {
            waitLogged(() -> {
                deliver(twilioMedia(sid, PHONE, "", "image/jpeg"));
                await().atMost(LIMIT).until(() -> waits(logs) >= 1);
            });
        }

        // MEDIA_WAIT_MS is over (the test plays the clock) and the file has not come
        fixture.jdbc().update("UPDATE media SET created_at = now() - interval '1 minute'");

        await().atMost(LIMIT).until(() -> sentBodies().size() == 1);
        JsonNode user = conversation(chats().get(0)).get(0);
        assertThat(textOf(user)).isEqualTo("[photo: image/jpeg, not downloaded yet]");
        assertThat(imageUrlsOf(user)).isEmpty();
    }

    @Test
    void aVoiceNoteIsTranscribedKeptWithItsMessageAndReadInTheHistory() {
        String said = "I would like a table for two tonight";
        transcriptionAnswers(said);
        String sid = sid();
        List<String> infoLines;
        try (LogCapture logs = LogCapture.open()) {
            twilioServes(sid, VOICE_NOTE, "audio/ogg");
            deliver(twilioMedia(sid, PHONE, "", "audio/ogg"));
            await().atMost(LIMIT).until(() -> sentBodies().size() == 1);
            infoLines = logs.infoAndAbove().stream().map(event -> event.getFormattedMessage()).toList();
        }

        // the request at the fake: multipart, the model's name and the file's bytes, the API key
        assertThat(transcriptions()).hasSize(1);
        LoggedRequest transcription = transcriptions().get(0);
        assertThat(transcription.getHeader("Content-Type")).startsWith("multipart/form-data");
        assertThat(transcription.getHeader("Authorization")).isEqualTo("Bearer test-ai-key");
        assertThat(transcription.getPart("model").getBody().asString()).isEqualTo("whisper-1");
        assertThat(transcription.getPart("file").getBody().asBytes()).isEqualTo(VOICE_NOTE);
        assertThat(transcription.getPart("file").getHeader("Content-Disposition").firstValue())
                .contains("filename=\"audio_file.ogg\"");

        // kept with the media and made the message's text, the description before it in the metadata
        Map<String, Object> media = mediaOf(fixture.jdbc(), sid);
        assertThat(media.get("transcript")).isEqualTo(said);
        assertThat(media.get("transcript_error")).isNull();
        assertThat(contentOf(fixture.jdbc(), sid)).isEqualTo("[voice message] " + said);
        assertThat(fixture.jdbc().queryForObject("SELECT metadata ->> 'contentBeforeTranscript' FROM kommo_messages "
                + "WHERE provider_message_id = ?", String.class, sid)).isEqualTo("[file: audio/ogg]");

        assertThat(textOf(conversation(chats().get(0)).get(0))).isEqualTo("[voice message] " + said);
        // the next model call has it in its history, and nothing is transcribed twice
        fixture.userWrites("at 8 pm please");
        await().atMost(LIMIT).until(() -> chats().size() == 2);
        assertThat(conversation(chats().get(1)).stream().map(MediaMessages::textOf)).containsExactly(
                "[voice message] " + said, "Hello from the fake model!", "at 8 pm please");
        assertThat(transcriptions()).hasSize(1);

        assertThat(infoLines).isNotEmpty().noneMatch(line -> line.contains("table for two"));
        assertThat(infoLines).anyMatch(line -> line.contains("Voice note " + media.get("id") + " of conversation")
                && line.contains("transcribed"));
    }

    @Test
    void askingForAPersonInAVoiceNoteEscalates() {
        transcriptionAnswers("Can I please talk to a human?");
        String sid = sid();

        twilioServes(sid, VOICE_NOTE, "audio/ogg");
        deliver(twilioMedia(sid, PHONE, "", "audio/ogg"));

        await().atMost(LIMIT).until(() -> "escalated".equals(conversationStatus()));
        await().atMost(LIMIT).until(() -> sentBodies().size() == 1);
        assertThat(sentBodies()).containsExactly(AssistantProperties.DEFAULT_HOLDING_MESSAGE);
        assertThat(chats()).isEmpty();
        assertThat(contentOf(fixture.jdbc(), sid)).isEqualTo("[voice message] Can I please talk to a human?");
    }

    @Test
    void aTranscriptionServerErrorIsTriedAgainByTheJob() {
        OPENAI.stubFor(post(urlPathEqualTo(TRANSCRIPTIONS_PATH)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"The server had an error\"}}"))
                .willSetStateTo("recovered"));
        OPENAI.stubFor(post(urlPathEqualTo(TRANSCRIPTIONS_PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(transcript("Where is my parcel?")));
        String sid = sid();

        twilioServes(sid, VOICE_NOTE, "audio/ogg");
        deliver(twilioMedia(sid, PHONE, "", "audio/ogg"));

        await().atMost(LIMIT).until(() -> sentBodies().size() == 1);
        assertThat(transcriptions()).hasSize(2);
        assertThat(mediaOf(fixture.jdbc(), sid)).containsEntry("transcript", "Where is my parcel?")
                .containsEntry("transcript_error", null);
        assertThat(chats()).hasSize(1);
        assertThat(textOf(conversation(chats().get(0)).get(0))).isEqualTo("[voice message] Where is my parcel?");
    }

    @Test
    void aRefusedTranscriptionIsKeptAsItsErrorAndTheReplyGoesAheadWithTheDescription() {
        OPENAI.stubFor(post(urlPathEqualTo(TRANSCRIPTIONS_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid file format.\",\"type\":\"invalid_request_error\"}}")));
        String sid = sid();

        twilioServes(sid, VOICE_NOTE, "audio/ogg");
        deliver(twilioMedia(sid, PHONE, "", "audio/ogg"));

        await().atMost(LIMIT).until(() -> sentBodies().size() == 1);
        assertThat(transcriptions()).hasSize(1);
        Map<String, Object> media = mediaOf(fixture.jdbc(), sid);
        assertThat(media.get("transcript")).isNull();
        assertThat((String) media.get("transcript_error")).startsWith("refused (HTTP 400)")
                .contains("Invalid file format.");
        assertThat(contentOf(fixture.jdbc(), sid)).isEqualTo("[file: audio/ogg]");
        assertThat(textOf(conversation(chats().get(0)).get(0)))
                .isEqualTo("[voice message: audio/ogg, could not be transcribed]");
        assertThat(conversationStatus()).isEqualTo("active");
    }

    @Test
    void aTranscriptionFailingEveryTimeIsGivenUpAfterTheLastAttemptWithoutEscalating() {
        OPENAI.stubFor(post(urlPathEqualTo(TRANSCRIPTIONS_PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"overloaded\"}}")));
        String sid = sid();

        twilioServes(sid, VOICE_NOTE, "audio/ogg");
        deliver(twilioMedia(sid, PHONE, "", "audio/ogg"));

        await().atMost(LIMIT).until(() -> sentBodies().size() == 1);
        assertThat(transcriptions()).hasSize(3);
        assertThat((String) mediaOf(fixture.jdbc(), sid).get("transcript_error")).startsWith("server error (HTTP 503)");
        assertThat(sentBodies()).containsExactly("Hello from the fake model!");
        assertThat(conversationStatus()).isEqualTo("active");
    }

    private static void deliver(Map<String, String> form) {
        assertThat(GatewayIntegrationTest.postTwilio(fixture.gateway().port(), form).statusCode()).isEqualTo(200);
    }

    private static String conversationStatus() {
        return fixture.jdbc().queryForObject("SELECT status FROM kommo_conversations", String.class);
    }

    /** Runs {@code steps} with the DEBUG line of a reply put back for its media on. */
    private static void waitLogged(Runnable steps) {
        Logger logger = (Logger) LoggerFactory.getLogger("reply-media");
        logger.setLevel(Level.DEBUG);
        try {
            steps.run();
        } finally {
            logger.setLevel(null);
        }
    }

    /** How often a reply was put back because its media were being downloaded. */
    private static long waits(LogCapture logs) {
        return logs.events().stream().filter(event -> event.getLoggerName().equals("reply-media")
                && event.getFormattedMessage().contains("waits for 1 media being downloaded")).count();
    }
}
