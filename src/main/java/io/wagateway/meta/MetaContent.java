package io.wagateway.meta;

import static io.wagateway.meta.MetaJson.array;
import static io.wagateway.meta.MetaJson.orDescription;
import static io.wagateway.meta.MetaJson.putObject;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.canonical.CanonicalMessage.Location;
import io.wagateway.canonical.CanonicalMessage.Media;
import io.wagateway.canonical.MessageType;
import java.util.Map;

/**
 * What a message says and carries, read by its WhatsApp type: text, media (image; document, audio, voice,
 * video and sticker as file), location, interactive and template button replies, reactions, shared contacts
 * and orders. Anything else becomes a text describing what arrived, so that nothing is dropped. Details worth
 * keeping go to the message's {@code metadata}.
 */
record MetaContent(MessageType type, String text, Media media, Location location) {

    static MetaContent text(String text) {
        return new MetaContent(MessageType.TEXT, text, null, null);
    }

    /** {@code type} is the message's {@code type}, empty when it has none. */
    static MetaContent of(String type, JsonNode message, Map<String, Object> metadata) {
        JsonNode detail = message.path(type);
        return switch (type) {
            case "text" -> text(orDescription(MetaJson.text(detail, "body"), "[empty text message]"));
            case "image", "document", "audio", "video", "sticker" -> MetaMediaContent.of(type, detail, metadata);
            case "location" -> MetaLocationContent.of(detail, metadata);
            case "interactive" -> MetaReplyContent.interactive(detail, metadata);
            case "button" -> MetaReplyContent.button(detail, metadata);
            case "reaction" -> MetaReplyContent.reaction(detail, metadata);
            case "contacts" -> MetaSharedContent.contacts(message.path("contacts"), metadata);
            case "order" -> MetaSharedContent.order(detail, metadata);
            case "unsupported" -> text(unsupported(message));
            case "" -> text("[WhatsApp message without a type]");
            default -> {
                putObject(metadata, "payload", detail);
                yield text("[WhatsApp message of type '" + type + "', not supported by the gateway]");
            }
        };
    }

    /** Meta's {@code unsupported} type: what it was, and Meta's reason from {@code errors[]}. */
    private static String unsupported(JsonNode message) {
        String innerType = MetaJson.text(message.path("unsupported"), "type");
        JsonNode error = array(message.path("errors")).path(0);
        String reason = orDescription(MetaJson.text(error, "title"), MetaJson.text(error, "message"));
        String details = MetaJson.text(error.path("error_data"), "details");
        String explanation = reason == null ? details
                : details == null || details.equals(reason) ? reason : reason + " (" + details + ")";
        return "[unsupported WhatsApp message" + (innerType == null ? "" : " of type '" + innerType + "'")
                + (explanation == null ? "" : ": " + explanation) + "]";
    }
}
