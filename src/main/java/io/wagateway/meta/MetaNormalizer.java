package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.meta.MetaJson.array;
import static io.wagateway.meta.MetaJson.clean;
import static io.wagateway.meta.MetaJson.epochSeconds;
import static io.wagateway.meta.MetaJson.orDescription;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.CanonicalMessage.Location;
import io.wagateway.canonical.CanonicalMessage.Media;
import io.wagateway.canonical.ConsentChange;
import io.wagateway.canonical.IdentityChange;
import io.wagateway.canonical.MessageType;
import io.wagateway.canonical.Provider;
import io.wagateway.outbound.DeliveryStatus;
import io.wagateway.webhook.WebhookException;
import io.wagateway.webhook.WebhookFields;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns one Meta WhatsApp Cloud API webhook body into canonical messages, status updates and identity
 * changes: every entry, every change, every message and status, in order. Text, media (image; document, audio,
 * voice, video and sticker as file), location, interactive and template button replies, reactions, shared
 * contacts and orders; anything else becomes a text describing what arrived, so that nothing is dropped.
 * {@code system} messages and the {@code user_id_update} field are identity changes
 * ({@link MetaIdentityChanges}), the {@code user_preferences} field opt-outs ({@link MetaUserPreferences});
 * changes of other fields carry nothing to store.
 *
 * <p>Defensive: a body that is not JSON, or lacks {@code object} or {@code entry}, is a {@code 400}, and so
 * is a message without {@code id}, or without both the phone ({@code from}) and the BSUID
 * ({@code from_user_id}), or with one of the wrong shape ({@link MetaUser}): it could be neither stored nor
 * answered. Everything else that is missing or odd is described rather than refused.
 */
@Component("metaNormalizer")
public class MetaNormalizer {

    static final String WHATSAPP_OBJECT = "whatsapp_business_account";
    private static final String USER_ID_UPDATE = "user_id_update";
    private static final String USER_PREFERENCES = "user_preferences";
    private static final String SYSTEM = "system";
    private static final Logger LOG = LoggerFactory.getLogger(MetaNormalizer.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Handler
    public MetaNotification normalize(byte[] body) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw WebhookException.badRequest("malformed notification", "expected a JSON object, got " + kind(root));
        }
        JsonNode object = root.get("object");
        if (object == null || !object.isTextual()) {
            throw WebhookException.badRequest("missing field object",
                    "a Meta webhook notification always carries \"object\": \"" + WHATSAPP_OBJECT + "\"");
        }
        JsonNode entries = root.get("entry");
        if (entries == null || !entries.isArray()) {
            throw WebhookException.badRequest("missing field entry",
                    "a Meta webhook notification always carries an array \"entry\"");
        }
        List<CanonicalMessage> messages = new ArrayList<>();
        List<MetaStatusUpdate> statuses = new ArrayList<>();
        List<IdentityChange> identityChanges = new ArrayList<>();
        List<ConsentChange> consentChanges = new ArrayList<>();
        if (!WHATSAPP_OBJECT.equals(object.asText())) {
            LOG.info("Meta notification for object '{}' ignored: only {} is handled", object.asText(), WHATSAPP_OBJECT);
            return new MetaNotification(messages, statuses, identityChanges, consentChanges);
        }
        for (int e = 0; e < entries.size(); e++) {
            JsonNode changes = array(entries.get(e).path("changes"));
            for (int c = 0; c < changes.size(); c++) {
                JsonNode change = changes.get(c);
                String where = "entry[" + e + "].changes[" + c + "]";
                String field = text(change, "field");
                if (USER_PREFERENCES.equals(field)) {
                    consentChanges.addAll(MetaUserPreferences.of(change.path("value"), where + ".value"));
                    continue;
                }
                if (USER_ID_UPDATE.equals(field)) {
                    identityChanges.addAll(MetaIdentityChanges.ofUserIdUpdate(change.path("value"),
                            where + ".value"));
                    continue;
                }
                if (!"messages".equals(field)) {
                    LOG.info("Meta notification {} of field '{}' ignored: nothing to store", where, field);
                    continue;
                }
                JsonNode value = change.path("value");
                JsonNode list = array(value.path("messages"));
                for (int m = 0; m < list.size(); m++) {
                    JsonNode message = list.get(m);
                    String at = where + ".value.messages[" + m + "]";
                    if (message.isObject() && SYSTEM.equals(text(message, "type"))) {
                        String id = WebhookFields.identifier(at + ".id", required(message, "id", at));
                        identityChanges.add(MetaIdentityChanges.ofSystemMessage(message, id, instant(message), at));
                    } else {
                        messages.add(message(message, value, at));
                    }
                }
                list = array(value.path("statuses"));
                for (int s = 0; s < list.size(); s++) {
                    MetaStatusUpdate status = status(list.get(s), where + ".value.statuses[" + s + "]");
                    if (status != null) {
                        statuses.add(status);
                    }
                }
                for (JsonNode error : array(value.path("errors"))) {
                    LOG.warn("Meta reported an error in {}: {}", where, error);
                }
            }
        }
        return new MetaNotification(messages, statuses, identityChanges, consentChanges);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw WebhookException.badRequest("malformed JSON", "the body is empty");
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw WebhookException.badRequest("malformed JSON", "the body is empty");
            }
            return root;
        } catch (IOException e) {
            throw WebhookException.badRequest("malformed JSON", describe(e));
        }
    }

    /**
     * What is wrong with a body Jackson could not read, in words for the sender: Jackson's own messages name
     * its classes and features (StreamReadConstraints, FAIL_ON_TRAILING_TOKENS...), which an answer must not.
     */
    static String describe(IOException e) {
        String what;
        if (e instanceof StreamConstraintsException) {
            what = "it exceeds the parser's limits (nesting depth, length of a number or a text)";
        } else if (e instanceof JsonEOFException) {
            what = "it ends before the JSON is complete";
        } else if (e instanceof MismatchedInputException) {
            what = "there is more after the JSON value";
        } else {
            what = firstClause(e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage());
        }
        if (e instanceof JsonProcessingException processing && processing.getLocation() != null
                && processing.getLocation().getLineNr() > 0) {
            what += " (line " + processing.getLocation().getLineNr() + ", column "
                    + processing.getLocation().getColumnNr() + ")";
        }
        return what;
    }

    /** "Unrecognized token 'x': was expecting (...)" gives "Unrecognized token 'x'": the part about the body. */
    private static String firstClause(String message) {
        if (message == null || message.isBlank()) {
            return "not valid JSON";
        }
        String clause = message.strip();
        for (String end : new String[] {"\n", ": ", " (start marker", " (for ", "[Source", "`"}) {
            int at = clause.indexOf(end);
            if (at > 0) {
                clause = clause.substring(0, at);
            }
        }
        return clause.strip();
    }

    // ---------------------------------------------------------------------------------------- messages

    private CanonicalMessage message(JsonNode message, JsonNode value, String where) {
        if (!message.isObject()) {
            throw WebhookException.badRequest("malformed message", where + " is not an object");
        }
        String id = WebhookFields.identifier(where + ".id", required(message, "id", where));
        MetaUser user = MetaUser.of(message, value.path("contacts"), where);
        String type = text(message, "type");

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

        Content content = content(type == null ? "" : type, message, metadata);
        return new CanonicalMessage(Provider.META, id, user.phone(), user.userId(), user.username(),
                user.parentUserId(), null, user.contactName(), content.type(), content.text(), content.media(),
                content.location(), instant(message), metadata);
    }

    /** What a message says, by its WhatsApp type. */
    private Content content(String type, JsonNode message, Map<String, Object> metadata) {
        JsonNode detail = message.path(type);
        return switch (type) {
            case "text" -> Content.text(orDescription(text(detail, "body"), "[empty text message]"));
            case "image", "document", "audio", "video", "sticker" -> media(type, detail, metadata);
            case "location" -> location(detail, metadata);
            case "interactive" -> interactive(detail, metadata);
            case "button" -> {
                putText(metadata, "buttonPayload", detail, "payload");
                putText(metadata, "buttonText", detail, "text");
                yield Content.text(orDescription(text(detail, "text"),
                        "[button: " + orDescription(text(detail, "payload"), "without text") + "]"));
            }
            case "reaction" -> {
                String messageId = orDescription(text(detail, "message_id"), "an unknown message");
                String emoji = text(detail, "emoji");
                Map<String, Object> reaction = new LinkedHashMap<>();
                reaction.put("messageId", text(detail, "message_id"));
                reaction.put("emoji", emoji == null ? "" : emoji);
                metadata.put("reaction", reaction);
                yield Content.text(isBlank(emoji)
                        ? "[reaction removed from " + messageId + "]"
                        : "[reaction " + emoji + " to " + messageId + "]");
            }
            case "contacts" -> contacts(message.path("contacts"), metadata);
            case "order" -> {
                putObject(metadata, "order", detail);
                String note = text(detail, "text");
                yield Content.text("[order: " + array(detail.path("product_items")).size() + " item(s)"
                        + (isBlank(text(detail, "catalog_id")) ? "" : " from catalog " + text(detail, "catalog_id"))
                        + "]" + (isBlank(note) ? "" : " " + note));
            }
            case "unsupported" -> Content.text(unsupported(message));
            case "" -> Content.text("[WhatsApp message without a type]");
            default -> {
                putObject(metadata, "payload", detail);
                yield Content.text("[WhatsApp message of type '" + type + "', not supported by the gateway]");
            }
        };
    }

    private static Content media(String type, JsonNode detail, Map<String, Object> metadata) {
        if (!detail.isObject()) {
            return Content.text("[" + type + " message without its " + type + " object]");
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
        return new Content("image".equals(type) ? MessageType.IMAGE : MessageType.FILE,
                orDescription(caption, description), media, null);
    }

    private static Content location(JsonNode detail, Map<String, Object> metadata) {
        putText(metadata, "locationUrl", detail, "url");
        String name = text(detail, "name");
        String address = text(detail, "address");
        Double latitude = coordinate(detail.path("latitude"), 90);
        Double longitude = coordinate(detail.path("longitude"), 180);
        if (latitude == null || longitude == null) {
            return Content.text("[location without valid coordinates"
                    + (name == null ? "" : ": " + name) + (address == null ? "" : ", " + address) + "]");
        }
        Location location = new Location(latitude, longitude, name, address);
        StringBuilder text = new StringBuilder("[location: ");
        if (name != null) {
            text.append(name).append(", ");
        }
        if (address != null) {
            text.append(address).append(", ");
        }
        text.append(latitude).append(", ").append(longitude).append(']');
        return new Content(MessageType.LOCATION, text.toString(), null, location);
    }

    private static Content interactive(JsonNode detail, Map<String, Object> metadata) {
        String kind = orDescription(text(detail, "type"), "unknown");
        metadata.put("interactiveType", kind);
        JsonNode reply = detail.path(kind);
        switch (kind) {
            case "button_reply", "list_reply" -> {
                putText(metadata, "replyId", reply, "id");
                putText(metadata, "replyTitle", reply, "title");
                putText(metadata, "replyDescription", reply, "description");
                return Content.text(orDescription(text(reply, "title"),
                        "[" + kind.replace('_', ' ') + ": " + orDescription(text(reply, "id"), "without title") + "]"));
            }
            case "nfm_reply" -> {
                putText(metadata, "flowName", reply, "name");
                putText(metadata, "flowResponseJson", reply, "response_json");
                return Content.text(orDescription(text(reply, "body"),
                        "[form reply" + (isBlank(text(reply, "name")) ? "" : ": " + text(reply, "name")) + "]"));
            }
            default -> {
                putObject(metadata, "payload", reply);
                return Content.text("[interactive reply of type '" + kind + "', not supported by the gateway]");
            }
        }
    }

    private static Content contacts(JsonNode cards, Map<String, Object> metadata) {
        List<Map<String, Object>> shared = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (JsonNode card : array(cards)) {
            String name = text(card.path("name"), "formatted_name");
            List<String> phones = new ArrayList<>();
            for (JsonNode phone : array(card.path("phones"))) {
                String number = text(phone, "phone");
                if (number != null) {
                    phones.add(number);
                }
            }
            Map<String, Object> contact = new LinkedHashMap<>();
            contact.put("name", name);
            contact.put("phones", phones);
            shared.add(contact);
            described.add(orDescription(name, "unnamed") + (phones.isEmpty() ? "" : " " + String.join(", ", phones)));
        }
        metadata.put("sharedContacts", shared);
        return Content.text(described.isEmpty() ? "[shared contact without details]"
                : "[shared contact: " + String.join("; ", described) + "]");
    }

    private static String unsupported(JsonNode message) {
        String innerType = text(message.path("unsupported"), "type");
        JsonNode error = array(message.path("errors")).path(0);
        String reason = orDescription(text(error, "title"), text(error, "message"));
        String details = text(error.path("error_data"), "details");
        String explanation = reason == null ? details
                : details == null || details.equals(reason) ? reason : reason + " (" + details + ")";
        return "[unsupported WhatsApp message" + (innerType == null ? "" : " of type '" + innerType + "'")
                + (explanation == null ? "" : ": " + explanation) + "]";
    }

    private static Instant instant(JsonNode message) {
        return epochSeconds(text(message, "timestamp"));
    }

    private static Double coordinate(JsonNode node, double limit) {
        if (!node.isNumber() && !node.isTextual()) {
            return null;
        }
        try {
            double value = node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText().trim());
            return Double.isFinite(value) && Math.abs(value) <= limit ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------- statuses

    private static MetaStatusUpdate status(JsonNode status, String where) {
        String id = text(status, "id");
        String reported = text(status, "status");
        if (id == null || reported == null) {
            LOG.warn("Meta status {} without id or status ignored: {}", where, status);
            return null;
        }
        String deliveryStatus = switch (reported) {
            case "sent" -> DeliveryStatus.SENT;
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "read" -> DeliveryStatus.READ;
            case "failed" -> DeliveryStatus.FAILED;
            default -> null;
        };
        if (deliveryStatus == null) {
            LOG.info("Meta status '{}' of {} is not a delivery status the gateway tracks: ignored", reported, id);
            return null;
        }
        String errorCode = null;
        String error = null;
        if (DeliveryStatus.FAILED.equals(deliveryStatus)) {
            JsonNode first = array(status.path("errors")).path(0);
            errorCode = text(first, "code");
            String message = orDescription(text(first, "message"), text(first, "title"));
            String details = text(first.path("error_data"), "details");
            error = message == null ? details
                    : details == null || details.equals(message) ? message : message + ": " + details;
            if (errorCode == null && error == null) {
                errorCode = "unknown";
                error = "Meta reported the message as failed without an error";
            }
        }
        return new MetaStatusUpdate(id, deliveryStatus, errorCode, error);
    }

    // ---------------------------------------------------------------------------------------- helpers

    private static String required(JsonNode node, String field, String where) {
        String value = text(node, field);
        if (isBlank(value)) {
            throw WebhookException.badRequest("missing field " + field,
                    where + " has no " + field + "; every WhatsApp message carries one");
        }
        return value;
    }

    private static void putText(Map<String, Object> metadata, String key, JsonNode node, String field) {
        String value = text(node, field);
        if (!isBlank(value)) {
            metadata.put(key, value);
        }
    }

    /** Keeps {@code node} under {@code key} when it is an object: a null or a scalar in its place says nothing. */
    private static void putObject(Map<String, Object> metadata, String key, JsonNode node) {
        if (node.isObject()) {
            metadata.put(key, plain(node));
        }
    }

    /** A JSON subtree as maps, lists and scalars, fit for the {@code metadata} column. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(clean(field.getKey()), plain(field.getValue())));
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
        return node.isNull() ? null : clean(node.asText());
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** What a message says and carries. */
    private record Content(MessageType type, String text, Media media, Location location) {

        static Content text(String text) {
            return new Content(MessageType.TEXT, text, null, null);
        }
    }
}
