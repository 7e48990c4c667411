package io.wagateway.assistant;

import static io.wagateway.assistant.ReplyVariables.AWAITED_MEDIA;
import static io.wagateway.assistant.ReplyVariables.JOB;
import static io.wagateway.assistant.ReplyVariables.LAST_ERROR;
import static io.wagateway.assistant.ReplyVariables.MEDIA_ID;
import static io.wagateway.assistant.ReplyVariables.MEDIA_RECHECK_MS;
import static io.wagateway.assistant.ReplyVariables.REPLY_POSTPONED;
import static io.wagateway.assistant.ReplyVariables.RETRY_DELAY_MS;
import static io.wagateway.assistant.ReplyVariables.TRANSCRIBED_CONTENT;
import static io.wagateway.assistant.ReplyVariables.TRANSCRIPT;
import static io.wagateway.assistant.ReplyVariables.TRANSCRIPTION_FAILURE;
import static io.wagateway.assistant.ReplyVariables.TRANSCRIPTION_RETRY;
import static io.wagateway.assistant.ReplyVariables.TRANSCRIPTS;
import static io.wagateway.assistant.ReplyVariables.TRANSCRIPT_ERROR;
import static io.wagateway.assistant.ReplyVariables.VOICE_NOTE;
import static io.wagateway.assistant.ReplyVariables.VOICE_NOTES;

import io.wagateway.sql.Sql;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.springframework.stereotype.Component;

/**
 * The media of a reply's history, before the model sees it ({@code reply-media}, called by {@code generate-reply}):
 * <ul>
 *   <li>a message whose media are still being downloaded, for less than {@code MEDIA_WAIT_MS}: the job is put back
 *       for a moment ({@code reply_jobs/wait-for-media.sql}, not an attempt) and no thread waits; afterwards the reply
 *       goes ahead with whatever is there, a file that failed or was too large described as such;</li>
 *   <li>stored voice notes not transcribed yet, with {@code AI_TRANSCRIPTION_MODEL}: each transcribed, the transcript
 *       kept with it and made its message's text ({@code media/record-transcript.sql}), then the history read again.
 *       A failure that may pass is tried again with the job's backoff; a final one (refused, or the last attempt) is
 *       kept in {@code media.transcript_error} and the reply goes ahead with the description. It never escalates.</li>
 * </ul>
 * What a voice note says is logged at DEBUG only.
 */
@Component
public class ReplyMediaRoutes extends ReplyRouteBuilder {

    private final ReplyMediaWait wait;
    private final VoiceTranscriber transcriber;
    private final ReplyRetrySchedule retries;

    public ReplyMediaRoutes(ReplyMediaWait wait, VoiceTranscriber transcriber, ReplyRetrySchedule retries) {
        this.wait = wait;
        this.transcriber = transcriber;
        this.retries = retries;
    }

    @Override
    void routes() {
        from("direct:reply-media").routeId("reply-media")
                .setVariable(REPLY_POSTPONED, constant(false)).id("reply-media-not-postponed")
                .choice().id("reply-media-check")
                    .when(exchange -> awaited(exchange) > 0).id("reply-media-when-downloading")
                        .process(exchange -> exchange.setVariable(AWAITED_MEDIA, awaited(exchange)))
                            .id("reply-media-awaited-count")
                        .setVariable(MEDIA_RECHECK_MS, constant(wait.recheckMs())).id("reply-media-recheck-ms")
                        .setBody(variable(JOB)).id("reply-media-job-as-body")
                        .to(Sql.statement(ReplyStatements.WAIT_FOR_MEDIA)).id("reply-job-wait-for-media")
                        .setVariable(REPLY_POSTPONED, constant(true)).id("reply-media-postponed")
                        .log(LoggingLevel.DEBUG, "Reply in conversation ${variable.conversationId} waits for "
                                + "${variable.awaitedMedia} media being downloaded").id("reply-media-log-waiting")
                    .when(exchange -> transcriber.enabled() && !voiceNotes(exchange).isEmpty())
                            .id("reply-media-when-voice-notes")
                        .to("direct:transcribe-voice-notes").id("reply-media-transcribe")
                .end();

        String ofMax = " of " + retries.maxAttempts();

        from("direct:transcribe-voice-notes").routeId("transcribe-voice-notes")
                .process(ReplyMediaRoutes::startTranscriptions).id("transcribe-voice-notes-start")
                .loopDoWhile(exchange -> !notes(exchange).isEmpty()
                        && !exchange.getVariable(TRANSCRIPTION_RETRY, false, Boolean.class))
                        .id("transcribe-voice-notes-loop")
                    .to("direct:transcribe-voice-note").id("transcribe-voice-notes-next")
                .end()
                .choice().id("transcribe-voice-notes-retry-check")
                    .when(variable(TRANSCRIPTION_RETRY).isEqualTo(true)).id("transcribe-voice-notes-when-retry")
                        .setBody(variable(JOB)).id("transcribe-voice-notes-job-as-body")
                        .process(exchange -> exchange.setVariable(RETRY_DELAY_MS,
                                retries.delayMs(failure(exchange), job(exchange).attempts())))
                            .id("transcribe-voice-notes-retry-delay")
                        .log(LoggingLevel.WARN, "Transcription failed in conversation ${variable.conversationId} "
                                + "(attempt ${variable.job.attempts}" + ofMax + "): ${variable.lastError}; trying "
                                + "again in ${variable.retryDelayMs} ms").id("transcribe-voice-notes-log-retry")
                        .to(Sql.statement(ReplyStatements.RETRY)).id("reply-job-retry-after-transcription-failure")
                        .setVariable(REPLY_POSTPONED, constant(true)).id("transcribe-voice-notes-postponed")
                    .otherwise().id("transcribe-voice-notes-otherwise-done")
                        // the transcripts are the messages' texts now
                        .to("direct:reply-history").id("transcribe-voice-notes-history-again")
                .end();

        from("direct:transcribe-voice-note").routeId("transcribe-voice-note")
                .process(ReplyMediaRoutes::nextVoiceNote).id("transcribe-voice-note-next")
                .doTry().id("transcribe-voice-note-try")
                    .process(exchange -> exchange.setVariable(TRANSCRIPT, transcriber.transcribe(note(exchange))))
                        .id("voice-note-transcription")
                .doCatch(Exception.class).id("transcribe-voice-note-catch-failure")
                    .process(exchange -> exchange.setVariable(TRANSCRIPTION_FAILURE, caught(exchange)))
                        .id("transcribe-voice-note-failure-keep")
                .end()
                .choice().id("transcribe-voice-note-outcome-check")
                    .when(variable(TRANSCRIPTION_FAILURE).isNull()).id("transcribe-voice-note-when-transcribed")
                        .process(ReplyMediaRoutes::transcribedContent).id("transcribe-voice-note-content")
                        .log("Voice note ${variable.mediaId} of conversation ${variable.conversationId} transcribed")
                            .id("transcribe-voice-note-log-transcribed")
                        .log(LoggingLevel.DEBUG, "Voice note ${variable.mediaId} says: ${variable.transcript}")
                            .id("transcribe-voice-note-log-text")
                        .to(Sql.statement(ReplyStatements.RECORD_TRANSCRIPT)).id("voice-note-transcript-record")
                    .when(exchange -> AiFailure.retryable(failure(exchange))
                            && !retries.lastAttempt(job(exchange).attempts()))
                            .id("transcribe-voice-note-when-retryable")
                        .process(exchange -> exchange.setVariable(LAST_ERROR, AiFailure.shorten("transcription of "
                                + "voice note " + note(exchange).id() + ": " + AiFailure.describe(failure(exchange)))))
                            .id("transcribe-voice-note-describe-retry")
                        .setVariable(TRANSCRIPTION_RETRY, constant(true)).id("transcribe-voice-note-retry")
                    .otherwise().id("transcribe-voice-note-otherwise-failed")
                        .process(exchange -> exchange.setVariable(TRANSCRIPT_ERROR,
                                AiFailure.describe(failure(exchange)))).id("transcribe-voice-note-describe-failure")
                        .log(LoggingLevel.WARN, "Voice note ${variable.mediaId} of conversation "
                                + "${variable.conversationId} could not be transcribed (attempt "
                                + "${variable.job.attempts}" + ofMax + "): ${variable.transcriptError}; the reply goes "
                                + "ahead with its description").id("transcribe-voice-note-log-failure")
                        .to(Sql.statement(ReplyStatements.RECORD_TRANSCRIPT_ERROR))
                            .id("voice-note-transcript-error-record")
                .end();
    }

    /** How many media of the history are still being downloaded, for less than MEDIA_WAIT_MS. */
    private static long awaited(Exchange exchange) {
        return history(exchange).stream().flatMap(message -> message.media().stream())
                .filter(ReplyMedia::awaited).count();
    }

    /** The stored voice notes and audio of the user's messages that were neither transcribed nor given up on. */
    private static List<ReplyMedia> voiceNotes(Exchange exchange) {
        return history(exchange).stream().filter(HistoryMessage::fromUser)
                .flatMap(message -> message.media().stream())
                .filter(ReplyMedia::awaitsTranscription).toList();
    }

    private static void startTranscriptions(Exchange exchange) {
        exchange.setVariable(VOICE_NOTES, new ArrayDeque<>(voiceNotes(exchange)));
        exchange.setVariable(TRANSCRIPTS, new HashMap<UUID, String>());
        exchange.setVariable(TRANSCRIPTION_RETRY, false);
        exchange.removeVariable(TRANSCRIPTION_FAILURE);
    }

    private static void nextVoiceNote(Exchange exchange) {
        ReplyMedia note = notes(exchange).removeFirst();
        exchange.setVariable(VOICE_NOTE, note);
        exchange.setVariable(MEDIA_ID, note.id());
        exchange.removeVariable(TRANSCRIPT);
        exchange.removeVariable(TRANSCRIPT_ERROR);
        exchange.removeVariable(TRANSCRIPTION_FAILURE);
    }

    /** The text of the note's message with every transcript of it known so far. */
    @SuppressWarnings("unchecked")
    private static void transcribedContent(Exchange exchange) {
        ReplyMedia note = note(exchange);
        Map<UUID, String> transcripts = exchange.getVariable(TRANSCRIPTS, Map.class);
        transcripts.put(note.id(), exchange.getVariable(TRANSCRIPT, String.class));
        HistoryMessage message = history(exchange).stream().filter(m -> note.messageId().equals(m.id()))
                .findFirst().orElseThrow(() -> new IllegalStateException("voice note " + note.id()
                        + " of no message of the history"));
        exchange.setVariable(TRANSCRIBED_CONTENT, message.contentWithTranscripts(transcripts));
    }

    @SuppressWarnings("unchecked")
    private static Deque<ReplyMedia> notes(Exchange exchange) {
        return exchange.getVariable(VOICE_NOTES, Deque.class);
    }

    private static ReplyMedia note(Exchange exchange) {
        return exchange.getVariable(VOICE_NOTE, ReplyMedia.class);
    }

    private static Throwable failure(Exchange exchange) {
        return exchange.getVariable(TRANSCRIPTION_FAILURE, Throwable.class);
    }
}
