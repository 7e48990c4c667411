package io.wagateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.postgresql.util.PGobject;
import org.springframework.stereotype.Component;

/**
 * Writes the REST API's answers from SQL rows (whose columns the statements already name in camelCase):
 * timestamps become ISO-8601 UTC strings ({@code 2026-11-26T10:00:00.123Z}), {@code json}/{@code jsonb}
 * columns stay JSON objects, and the bytes are UTF-8 whatever the platform's default charset.
 */
@Component("apiJson")
public class ApiJson {

    public static final String CONTENT_TYPE = "application/json";

    private final ObjectMapper json;

    public ApiJson(ObjectMapper json) {
        this.json = json;
    }

    /** {@code {"conversations": [...], "limit": n, "offset": n}}. */
    public byte[] conversationPage(@Body List<?> rows, @Variable("filter") Map<String, Object> filter) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("conversations", rows);
        page.put("limit", filter.get("limit"));
        page.put("offset", filter.get("offset"));
        return write(page);
    }

    /** {@code {"failures": [...], "limit": n, "offset": n}}. */
    public byte[] failurePage(@Body List<?> rows, @Variable("filter") Map<String, Object> filter) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("failures", rows);
        page.put("limit", filter.get("limit"));
        page.put("offset", filter.get("offset"));
        return write(page);
    }

    /**
     * {@code {"conversationId": "...", "messages": [...]}}; a message with media carries {@code attachments} (all of
     * them, in order) and {@code media} (the first), one without carries neither.
     */
    public byte[] messages(@Body List<?> rows, @Variable("conversation") Map<String, Object> conversation)
            throws JsonProcessingException {
        List<Object> messages = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Map<Object, Object> message = new LinkedHashMap<>((Map<?, ?>) row);
            Object attachments = plain(message.remove("attachments"));
            if (attachments instanceof JsonNode list && list.isArray() && !list.isEmpty()) {
                message.put("media", list.get(0));
                message.put("attachments", list);
            }
            messages.add(message);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("conversationId", conversation.get("id"));
        answer.put("messages", messages);
        return write(answer);
    }

    public byte[] write(@Body Object body) {
        try {
            return json.writeValueAsBytes(plain(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    private Object plain(Object value) throws JsonProcessingException {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(entry.getKey(), plain(entry.getValue()));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(plain(item));
            }
            return copy;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.toInstant().toString();
        }
        if (value instanceof PGobject object) {
            boolean isJson = "json".equals(object.getType()) || "jsonb".equals(object.getType());
            return isJson && object.getValue() != null ? json.readTree(object.getValue()) : object.getValue();
        }
        return value;
    }
}
