package io.wagateway.assistant;

/**
 * The SQL statements of the reply routes ({@code src/main/resources/sql/<table>/<name>.sql}); their parameters
 * are {@link ReplyVariables}.
 */
final class ReplyStatements {

    static final String CLAIM = "reply_jobs/claim";
    static final String NEXT_DUE = "reply_jobs/next-due";
    static final String RENEW = "reply_jobs/renew";
    static final String FENCE = "reply_jobs/fence";
    static final String FINISH = "reply_jobs/finish";
    static final String RETRY = "reply_jobs/retry";
    static final String DEAD_LETTER = "reply_jobs/dead-letter";
    static final String WAIT_FOR_MEDIA = "reply_jobs/wait-for-media";
    static final String RECORD_TRANSCRIPT = "media/record-transcript";
    static final String RECORD_TRANSCRIPT_ERROR = "media/record-transcript-error";
    static final String HISTORY = "kommo_messages/history";
    static final String STORE_REPLY = "kommo_messages/store-reply";
    static final String INSERT_OUTGOING = "kommo_messages/insert-outgoing";
    static final String ESCALATE = "kommo_conversations/escalate";

    private ReplyStatements() {
    }
}
