package io.wagateway.assistant;

import io.wagateway.sql.SqlRows;
import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;

/**
 * A reply job as {@code reply_jobs/claim.sql} returns it once claimed, with its conversation's provider and status:
 * the exchange variable {@link ReplyVariables#JOB} of the reply routes.
 *
 * @param requestedAt when the newest message it answers came in; the job is finished only if it still is
 * @param attempts the claims of the job so far, this one included
 * @param claimToken the claim's fencing token: only its holder can store, retry or finish the job
 * @param previousError why the attempt before this one failed, if one did
 * @param correlationId the provider's id of the conversation's newest user message (the logs' correlation id)
 * @param moreDue another job nobody holds was due as well: the worker claims again
 */
public record ReplyJob(UUID conversationId, Timestamp requestedAt, int attempts, UUID claimToken,
                       String previousError, String provider, String status, String correlationId, boolean moreDue) {

    /** The row claim.sql returned, read by its column names; {@code null} when it claimed nothing. */
    static ReplyJob from(Map<?, ?> row) {
        if (row == null) {
            return null;
        }
        return new ReplyJob((UUID) column(row, "conversationId"), (Timestamp) column(row, "requestedAt"),
                (Integer) column(row, "attempts"), (UUID) column(row, "claimToken"),
                (String) column(row, "previousError"), (String) column(row, "provider"),
                (String) column(row, "status"), (String) column(row, "correlationId"),
                (Boolean) column(row, "moreDue"));
    }

    /** Whether the conversation still gets AI replies (not escalated to a person, not closed). */
    public boolean active() {
        return "active".equals(status);
    }

    private static Object column(Map<?, ?> row, String name) {
        return SqlRows.column(row, name, "The claimed reply job");
    }
}
