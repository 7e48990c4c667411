package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;

/** Lenient reads of a Meta webhook's JSON tree: what is missing or of another kind reads as absent. */
final class MetaJson {

    private static final JsonNode EMPTY_ARRAY = JsonNodeFactory.instance.arrayNode();

    private MetaJson() {
    }

    /** The node when it is an array, else an empty array: a list where an object or a string came is ignored. */
    static JsonNode array(JsonNode node) {
        return node != null && node.isArray() ? node : EMPTY_ARRAY;
    }

    /** A scalar field as text without NUL characters (PostgreSQL refuses them), or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        return clean(value.asText());
    }

    static String clean(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }

    /** A Unix time in seconds, as Meta writes it (a string), or null when it is none. */
    static Instant epochSeconds(String seconds) {
        try {
            return seconds == null ? null : Instant.ofEpochSecond(Long.parseLong(seconds.strip()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String orDescription(String text, String description) {
        return isBlank(text) ? description : text;
    }
}
