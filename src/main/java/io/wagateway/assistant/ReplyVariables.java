package io.wagateway.assistant;

import io.wagateway.operations.GatewayMetrics;
import io.wagateway.worker.HeldReplyClaims;

/**
 * The names of the exchange variables the reply routes share. Every {@code :#name} a reply statement binds
 * ({@link ReplyStatements}) is one of these ({@code ReplyStatementsTest} checks it), so a rename on either side
 * fails that test instead of a statement at run time. The statements bind variables only: on the reply path the
 * body is never a map (which {@link io.wagateway.sql.NamedParameters} would read first).
 */
final class ReplyVariables {

    /** The claimed job, a {@link ReplyJob}. */
    static final String JOB = "job";

    // of the claimed job, for its statements
    static final String CONVERSATION_ID = "conversationId";
    static final String REQUESTED_AT = "requestedAt";
    static final String CLAIM_TOKEN = HeldReplyClaims.TOKEN;
    static final String PROVIDER = "provider";

    // claims and lease renewals
    static final String LEASE_SECONDS = "leaseSeconds";
    static final String WORKER_ID = "workerId";
    static final String CLAIM_TOKENS = "claimTokens";
    /** Whether the worker claims once more: its last claim saw another job due. */
    static final String CLAIM_AGAIN = "claimAgain";
    static final String NEXT_DUE_IN_MS = "nextDueInMs";

    // the model call: the history it sees (a list of HistoryMessage), how it went, what it wrote
    static final String HISTORY_LIMIT = "historyLimit";
    static final String HISTORY = "history";
    static final String AI_FAILURE = "aiFailure";
    static final String AI_FAILED = GatewayMetrics.AI_FAILED;
    static final String REPLY_TEXT = "replyText";

    // the media of the messages answered: waiting for their download, transcribing the voice notes
    static final String MEDIA_WAIT_MS = "mediaWaitMs";
    static final String MEDIA_RECHECK_MS = "mediaRecheckMs";
    static final String AWAITED_MEDIA = "awaitedMedia";
    /** Whether the job was put back (media still downloading, a transcription to try again): no reply now. */
    static final String REPLY_POSTPONED = "replyPostponed";
    /** The voice notes still to transcribe (a Deque of ReplyMedia), the one being transcribed, its id. */
    static final String VOICE_NOTES = "voiceNotes";
    static final String VOICE_NOTE = "voiceNote";
    static final String MEDIA_ID = "mediaId";
    static final String TRANSCRIPT = "transcript";
    /** The transcripts of this job so far, by media id. */
    static final String TRANSCRIPTS = "transcripts";
    static final String TRANSCRIBED_CONTENT = "transcribedContent";
    static final String TRANSCRIPT_ERROR = "transcriptError";
    static final String TRANSCRIPTION_FAILURE = "transcriptionFailure";
    static final String TRANSCRIPTION_RETRY = "transcriptionRetry";

    // outgoing messages: the reply's parts (a JSON array), a holding message's text, their metadata
    static final String PARTS = "parts";
    static final String STORED_PARTS = "storedParts";
    static final String CONTENT = "content";
    static final String METADATA = "metadata";

    // failures
    static final String LAST_ERROR = "lastError";
    static final String AI_ERROR = "aiError";
    static final String RETRY_DELAY_MS = "retryDelayMs";
    static final String FENCED = "fenced";
    static final String DEAD_LETTER_ID = "deadLetterId";

    private ReplyVariables() {
    }
}
