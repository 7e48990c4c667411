package io.wagateway.api;

import io.wagateway.canonical.Provider;
import io.wagateway.canonical.WhatsAppUserId;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Checks what a REST API request asks for (query and path parameters arrive as headers) and turns it
 * into the named parameters of the SQL statements; anything invalid is a {@code 400} naming the
 * parameter. An empty parameter ({@code ?provider=}) is the same as an absent one.
 */
@Component("apiParameters")
public class ApiParameters {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final List<String> PROVIDERS = Arrays.stream(Provider.values()).map(Provider::id).toList();
    public static final List<String> STATUSES = List.of("active", "escalated", "closed");
    /** What a list may ask for: also the conversations merged into another one (hidden otherwise). */
    public static final List<String> LISTED_STATUSES = List.of("active", "escalated", "closed", "merged");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** {@code sort=}: newest activity first (the default), or escalated conversations first, then the newest. */
    public static final List<String> SORTS = List.of("recent", "escalated-first");
    private static final String ESCALATED_FIRST = "escalated-first";
    private static final int MAX_SEARCH = 100;
    /** A cursor of {@code GET /api/changes}: the listening session, a period, the last change seen. */
    private static final Pattern CHANGES_CURSOR = Pattern.compile("[0-9a-f]{1,16}\\.[0-9]{1,18}");
    private static final Pattern UNENCODED_PLUS_PHONE = Pattern.compile(" [0-9]+");

    /** {@code GET /api/conversations}: provider, status, phone, userId, q, sort, limit, offset. */
    public Map<String, Object> conversationFilter(@Header("provider") Object provider, @Header("status") Object status,
                                                  @Header("phone") Object phone, @Header("userId") Object userId,
                                                  @Header("q") Object q, @Header("sort") Object sort,
                                                  @Header("limit") Object limit, @Header("offset") Object offset) {
        Map<String, Object> filter = new HashMap<>();
        filter.put("search", search(single("q", q)));
        filter.put("escalatedFirst", ESCALATED_FIRST.equals(oneOf("sort", single("sort", sort), SORTS)));
        filter.put("provider", oneOf("provider", single("provider", provider), PROVIDERS));
        filter.put("status", oneOf("status", single("status", status), LISTED_STATUSES));
        filter.put("phone", phone(single("phone", phone)));
        filter.put("userId", userId(single("userId", userId)));
        filter.put("limit", integer("limit", single("limit", limit), DEFAULT_LIMIT, 1, MAX_LIMIT));
        filter.put("offset", integer("offset", single("offset", offset), 0, 0, Integer.MAX_VALUE));
        return filter;
    }

    /** {@code /api/conversations/{id}...}: the id as a UUID. */
    public Map<String, Object> conversationId(@Header("id") Object id) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("conversationId", uuid(id, "the conversation id must be a UUID"));
        return parameters;
    }

    /** {@code GET /api/failures}: provider, limit, offset. */
    public Map<String, Object> failureFilter(@Header("provider") Object provider, @Header("limit") Object limit,
                                             @Header("offset") Object offset) {
        Map<String, Object> filter = new HashMap<>();
        filter.put("provider", oneOf("provider", single("provider", provider), PROVIDERS));
        filter.put("limit", integer("limit", single("limit", limit), DEFAULT_LIMIT, 1, MAX_LIMIT));
        filter.put("offset", integer("offset", single("offset", offset), 0, 0, Integer.MAX_VALUE));
        return filter;
    }

    /** {@code /api/failures/{id}/...}: the message id as a UUID. */
    public Map<String, Object> messageId(@Header("id") Object id) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("messageId", uuid(id, "the message id must be a UUID"));
        return parameters;
    }

    /** {@code /api/media/{id}}: the media item's id as a UUID. */
    public Map<String, Object> mediaId(@Header("id") Object id) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("mediaId", uuid(id, "the media id must be a UUID"));
        return parameters;
    }

    /** {@code GET /api/changes}: the cursor the previous answer gave, absent on the first call. */
    public String changesCursor(@Header("after") Object after) {
        String cursor = single("after", after);
        if (cursor != null && !CHANGES_CURSOR.matcher(cursor).matches()) {
            throw ApiException.invalidParameter("after", "after must be the cursor of the previous answer");
        }
        return cursor;
    }

    /** {@code q=}: a part of the name, phone, BSUID or username, as a LIKE pattern that matches it literally. */
    private static String search(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > MAX_SEARCH) {
            throw ApiException.invalidParameter("q", "q must be at most " + MAX_SEARCH + " characters");
        }
        String literal = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + literal + "%";
    }

    private static UUID uuid(Object id, String detail) {
        String text = single("id", id);
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw ApiException.invalidParameter("id", detail);
        }
        return UUID.fromString(text);
    }

    /** The value of a parameter given at most once, {@code null} when absent or empty. */
    private static String single(String name, Object value) {
        if (value instanceof Collection<?> values) {
            throw ApiException.invalidParameter(name, name + " is given " + values.size() + " times; give it once");
        }
        String text = value == null ? null : value.toString();
        return text == null || text.isEmpty() ? null : text;
    }

    private static String oneOf(String name, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiException.invalidParameter(name, name + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** A {@code +} not encoded as {@code %2B} arrives as a space: {@code ?phone=+5511...} still means +5511... */
    private static String phone(String value) {
        if (value != null && UNENCODED_PLUS_PHONE.matcher(value).matches()) {
            return "+" + value.substring(1);
        }
        return value;
    }

    private static String userId(String value) {
        if (value != null && !WhatsAppUserId.isValid(value)) {
            throw ApiException.invalidParameter("userId", "userId must be a WhatsApp user id: " + WhatsAppUserId.SHAPE);
        }
        return value;
    }

    private static int integer(String name, String value, int absent, int min, int max) {
        if (value == null) {
            return absent;
        }
        String range = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalidParameter(name, name + " must be " + range);
    }
}
