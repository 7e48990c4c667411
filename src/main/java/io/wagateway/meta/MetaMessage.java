package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.meta.MetaJson.epochSeconds;
import static io.wagateway.meta.MetaJson.plain;
import static io.wagateway.meta.MetaJson.putObject;
import static io.wagateway.meta.MetaJson.putText;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.Provider;
import io.wagateway.webhook.WebhookException;
import io.wagateway.webhook.WebhookFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of {@code messages[]} as a canonical message: its id, its sender ({@link MetaUser}), what it says
 * ({@link MetaContent}) and, in {@code metadata}, the WhatsApp details around it (type, the business number
 * it was sent to, the message it replies to, forwarding, the ad it came from, Meta's errors).
 */
final class MetaMessage {

    private MetaMessage() {
    }

    /** {@code value} is the change's value: its {@code contacts} and {@code metadata} belong to the message. */
    static CanonicalMessage of(JsonNode message, JsonNode value, String where) {
        if (!message.isObject()) {
            throw WebhookException.badRequest("malformed message", where + " is not an object");
        }
        String id = id(message, where);
        MetaUser user = MetaUser.of(message, value.path("contacts"), where);
        String type = text(message, "type");
        Map<String, Object> metadata = metadata(message, value, type, user);
        MetaContent content = MetaContent.of(type == null ? "" : type, message, metadata);
        return new CanonicalMessage(Provider.META, id, user.phone(), user.userId(), user.username(),
                user.parentUserId(), null, user.contactName(), content.type(), content.text(), content.media(),
                content.location(), receivedAt(message), metadata);
    }

    /** The message's {@code id}: every WhatsApp message carries one, so a message without is a {@code 400}. */
    static String id(JsonNode message, String where) {
        String id = text(message, "id");
        if (isBlank(id)) {
            throw WebhookException.badRequest("missing field id",
                    where + " has no id; every WhatsApp message carries one");
        }
        return WebhookFields.identifier(where + ".id", id);
    }

    static Instant receivedAt(JsonNode message) {
        return epochSeconds(text(message, "timestamp"));
    }

    private static Map<String, Object> metadata(JsonNode message, JsonNode value, String type, MetaUser user) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("whatsappMessageType", type == null ? "missing" : type);
        if (user.waId() != null) {
            metadata.put("waId", user.waId());
        }
        putText(metadata, "phoneNumberId", value.path("metadata"), "phone_number_id");
        putText(metadata, "displayPhoneNumber", value.path("metadata"), "display_phone_number");
        JsonNode context = message.path("context");
        putText(metadata, "repliedToMessageId", context, "id");
        if (context.path("forwarded").asBoolean(false)) {
            metadata.put("forwarded", true);
        }
        if (context.path("frequently_forwarded").asBoolean(false)) {
            metadata.put("frequentlyForwarded", true);
        }
        putObject(metadata, "referral", message.path("referral"));
        if (message.path("errors").isArray() && !message.get("errors").isEmpty()) {
            metadata.put("errors", plain(message.get("errors")));
        }
        return metadata;
    }
}
