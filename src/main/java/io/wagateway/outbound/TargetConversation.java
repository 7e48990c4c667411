package io.wagateway.outbound;

import io.wagateway.sql.SqlRows;
import java.util.Map;
import java.util.UUID;

/**
 * The conversation an enqueue writes to, as {@code kommo_conversations/find-by-id.sql} and {@code find-by-user.sql}
 * return it: the exchange variable {@link SendVariables#CONVERSATION} of the enqueue routes.
 *
 * @param mergedInto the conversation of the same WhatsApp user it was merged into, if it was
 * @param optedOut   the user opted out of templates and proactive messages
 */
record TargetConversation(UUID id, String provider, String status, UUID mergedInto, boolean optedOut) {

    /** The row, read by its column names; {@code null} when there is no such conversation. */
    static TargetConversation from(Map<?, ?> row) {
        if (row == null) {
            return null;
        }
        return new TargetConversation((UUID) column(row, "id"), (String) column(row, "provider"),
                (String) column(row, "status"), (UUID) column(row, "mergedInto"),
                Boolean.TRUE.equals(column(row, "optedOut")));
    }

    boolean closed() {
        return "closed".equals(status);
    }

    boolean merged() {
        return "merged".equals(status);
    }

    private static Object column(Map<?, ?> row, String name) {
        return SqlRows.column(row, name, "The conversation");
    }
}
