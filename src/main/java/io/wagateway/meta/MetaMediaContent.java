package io.wagateway.meta;

import static io.wagateway.meta.MetaJson.orDescription;
import static io.wagateway.meta.MetaJson.putText;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.canonical.CanonicalMessage.Media;
import io.wagateway.canonical.MessageType;
import java.util.Map;

/**
 * An {@code image} (an image), or a {@code document}, {@code audio} (or voice message), {@code video} or
 * {@code sticker} (a file): its caption as text, else a description naming the file or its type.
 */
final class MetaMediaContent {

    private MetaMediaContent() {
    }

    static MetaContent of(String type, JsonNode detail, Map<String, Object> metadata) {
        if (!detail.isObject()) {
            return MetaContent.text("[" + type + " message without its " + type + " object]");
        }
        String label = switch (type) {
            case "audio" -> detail.path("voice").asBoolean(false) ? "voice message" : "audio";
            case "sticker" -> detail.path("animated").asBoolean(false) ? "animated sticker" : "sticker";
            default -> type;
        };
        if ("audio".equals(type) && detail.has("voice")) {
            metadata.put("voice", detail.path("voice").asBoolean(false));
        }
        if ("sticker".equals(type) && detail.has("animated")) {
            metadata.put("animated", detail.path("animated").asBoolean(false));
        }
        putText(metadata, "mediaSha256", detail, "sha256");
        String mimeType = text(detail, "mime_type");
        String caption = text(detail, "caption");
        String filename = text(detail, "filename");
        Media media = new Media(text(detail, "url"), mimeType, text(detail, "id"), caption, filename);
        String description = "[" + label + ": "
                + (filename != null ? filename : mimeType != null ? mimeType : "unknown type") + "]";
        return new MetaContent("image".equals(type) ? MessageType.IMAGE : MessageType.FILE,
                orDescription(caption, description), media, null);
    }
}
