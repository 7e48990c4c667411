package io.wagateway.assistant;

import java.util.List;
import java.util.Map;

/** One message of the conversation the model sees ({@code kommo_messages/history.sql}): who wrote it, and what. */
public record HistoryMessage(String role, String content) {

    /** The rows history.sql returned, oldest first. */
    static List<HistoryMessage> fromRows(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> new HistoryMessage((String) row.get("role"), (String) row.get("content")))
                .toList();
    }

    public boolean fromUser() {
        return "user".equals(role);
    }
}
