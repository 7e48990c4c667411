package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.canonical.Text.withoutNul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lenient reads of a Meta webhook's JSON tree: what is missing or of another kind reads as absent. And the
 * writes of what is read into a message's {@code metadata}.
 */
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
        return withoutNul(value.asText());
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

    /** What kind of JSON value a node is, in words: {@code object}, {@code array}, {@code string}... */
    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** Keeps the text of {@code field} under {@code key} when it is not blank. */
    static void putText(Map<String, Object> metadata, String key, JsonNode node, String field) {
        String value = text(node, field);
        if (!isBlank(value)) {
            metadata.put(key, value);
        }
    }

    /** Keeps {@code node} under {@code key} when it is an object: a null or a scalar in its place says nothing. */
    static void putObject(Map<String, Object> metadata, String key, JsonNode node) {
        if (node.isObject()) {
            metadata.put(key, plain(node));
        }
    }

    /** A JSON subtree as maps, lists and scalars, fit for the {@code metadata} column. */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(withoutNul(field.getKey()), plain(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : withoutNul(node.asText());
    }
}
