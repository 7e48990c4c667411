package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.meta.MetaJson.orDescription;
import static io.wagateway.meta.MetaJson.putObject;
import static io.wagateway.meta.MetaJson.putText;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a user answers to something the business sent: an {@code interactive} reply (a button, a list row, a
 * form), a template's quick-reply {@code button}, or a {@code reaction} to a message (an empty emoji removes it).
 * The reply's title is the text; its id and payload go to {@code metadata}.
 */
final class MetaReplyContent {

    private MetaReplyContent() {
    }

    static MetaContent interactive(JsonNode detail, Map<String, Object> metadata) {
        String kind = orDescription(text(detail, "type"), "unknown");
        metadata.put("interactiveType", kind);
        JsonNode reply = detail.path(kind);
        switch (kind) {
            case "button_reply", "list_reply" -> {
                putText(metadata, "replyId", reply, "id");
                putText(metadata, "replyTitle", reply, "title");
                putText(metadata, "replyDescription", reply, "description");
                return MetaContent.text(orDescription(text(reply, "title"),
                        "[" + kind.replace('_', ' ') + ": " + orDescription(text(reply, "id"), "without title") + "]"));
            }
            case "nfm_reply" -> {
                putText(metadata, "flowName", reply, "name");
                putText(metadata, "flowResponseJson", reply, "response_json");
                return MetaContent.text(orDescription(text(reply, "body"),
                        "[form reply" + (isBlank(text(reply, "name")) ? "" : ": " + text(reply, "name")) + "]"));
            }
            default -> {
                putObject(metadata, "payload", reply);
                return MetaContent.text("[interactive reply of type '" + kind + "', not supported by the gateway]");
            }
        }
    }

    static MetaContent button(JsonNode detail, Map<String, Object> metadata) {
        putText(metadata, "buttonPayload", detail, "payload");
        putText(metadata, "buttonText", detail, "text");
        return MetaContent.text(orDescription(text(detail, "text"),
                "[button: " + orDescription(text(detail, "payload"), "without text") + "]"));
    }

    static MetaContent reaction(JsonNode detail, Map<String, Object> metadata) {
        String messageId = orDescription(text(detail, "message_id"), "an unknown message");
        String emoji = text(detail, "emoji");
        Map<String, Object> reaction = new LinkedHashMap<>();
        reaction.put("messageId", text(detail, "message_id"));
        reaction.put("emoji", emoji == null ? "" : emoji);
        metadata.put("reaction", reaction);
        return MetaContent.text(isBlank(emoji)
                ? "[reaction removed from " + messageId + "]"
                : "[reaction " + emoji + " to " + messageId + "]");
    }
}
