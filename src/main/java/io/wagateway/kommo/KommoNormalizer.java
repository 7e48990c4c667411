package io.wagateway.kommo;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.canonical.Text.trimToNull;
import static io.wagateway.canonical.Text.withoutNul;

import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.CanonicalMessage.Media;
import io.wagateway.canonical.MessageType;
import io.wagateway.canonical.Provider;
import io.wagateway.webhook.FormBody;
import io.wagateway.webhook.RawBody;
import io.wagateway.webhook.WebhookException;
import io.wagateway.webhook.WebhookFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.springframework.stereotype.Component;

/**
 * Turns Kommo's account webhook "incoming message received" (form-encoded, PHP-style keys
 * {@code message[add][N][...]}) into canonical messages, one per {@code N}, in {@code N} order. The
 * conversation is the chat ({@code chat_id} becomes {@code kommoChatId}); the Kommo context (talk, contact,
 * lead, element, origin, account, author) goes to {@code metadata}, with {@code direction} =
 * {@code incoming} (the client) or {@code outgoing} (written in Kommo). Every message is checked before
 * any is returned, so a bad one means nothing is stored. A body without {@code message[add]} (another
 * Kommo event) gives an empty list.
 */
@Component("kommoNormalizer")
public class KommoNormalizer {

    public static final String DIRECTION = "direction";
    public static final String INCOMING = "incoming";
    public static final String OUTGOING = "outgoing";
    public static final String AUTHOR_ID = "authorId";

    private static final Pattern MESSAGE_KEY = Pattern.compile("message\\[add]\\[(\\d{1,9})]\\[(.+)]");
    /** Attachment types shown as an image; every other attachment (file, video, voice, audio, sticker...) is a file. */
    private static final Set<String> IMAGE_TYPES = Set.of("picture", "image", "photo");
    /** Fields of a message kept in metadata, under their metadata names. */
    private static final Map<String, String> METADATA_FIELDS = metadataFields();

    private final String botId;

    public KommoNormalizer(KommoProperties properties) {
        this.botId = properties.botId();
    }

    /** The webhook route's step: the request's raw form body in, the canonical messages out. */
    @Handler
    public List<CanonicalMessage> fromRequest(Exchange exchange) {
        return fromBody(RawBody.of(exchange));
    }

    public List<CanonicalMessage> fromBody(byte[] body) {
        return normalize(FormBody.parse(body));
    }

    public List<CanonicalMessage> normalize(Map<String, String> form) {
        Map<Integer, Map<String, String>> messages = new TreeMap<>();
        form.forEach((key, value) -> {
            Matcher matcher = MESSAGE_KEY.matcher(key);
            if (matcher.matches()) {
                // message[add][0][author][id] -> field "author.id"
                String field = matcher.group(2).replace("][", ".");
                messages.computeIfAbsent(Integer.parseInt(matcher.group(1)), n -> new LinkedHashMap<>())
                        .put(field, withoutNul(value));
            }
        });
        Map<String, Object> account = new LinkedHashMap<>();
        putIfPresent(account, "accountId", withoutNul(form.get("account[id]")));
        putIfPresent(account, "accountSubdomain", withoutNul(form.get("account[subdomain]")));

        List<CanonicalMessage> normalized = new ArrayList<>(messages.size());
        messages.forEach((n, fields) -> normalized.add(message(n, fields, account)));
        return normalized;
    }

    /** Whether the message is one the channel bot wrote: the gateway's own reply, echoed back by Kommo. */
    public boolean fromChannelBot(CanonicalMessage message) {
        return botId != null
                && OUTGOING.equals(message.metadata().get(DIRECTION))
                && botId.equals(message.metadata().get(AUTHOR_ID));
    }

    private static CanonicalMessage message(int n, Map<String, String> fields, Map<String, Object> account) {
        String id = WebhookFields.identifier("message[add][" + n + "][id]", required(n, fields, "id"));
        String chatId = WebhookFields.identifier("message[add][" + n + "][chat_id]", required(n, fields, "chat_id"));
        String direction = direction(n, fields.get("type"));

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(DIRECTION, direction);
        METADATA_FIELDS.forEach((field, key) -> putIfPresent(metadata, key, fields.get(field)));
        metadata.putAll(account);

        String attachmentType = trimToNull(fields.get("attachment.type"));
        String attachmentLink = trimToNull(fields.get("attachment.link"));
        String text = fields.getOrDefault("text", "");
        MessageType type = MessageType.TEXT;
        Media media = null;
        if (attachmentLink != null) {
            type = attachmentType != null && IMAGE_TYPES.contains(attachmentType.toLowerCase(Locale.ROOT))
                    ? MessageType.IMAGE
                    : MessageType.FILE;
            media = new Media(attachmentLink, null, null, text.isBlank() ? null : text,
                    trimToNull(fields.get("attachment.file_name")));
            if (text.isBlank()) {
                text = type == MessageType.IMAGE || attachmentType == null || "file".equals(attachmentType)
                        ? "[" + type.id() + "]"
                        : "[file: " + attachmentType + "]";
            }
        } else if (text.isBlank()) {
            // nothing is dropped silently: say what arrived
            String kommoType = trimToNull(fields.get("message_type"));
            text = "[message without text" + (kommoType == null ? "" : ", Kommo type " + kommoType) + "]";
        }
        // the author of an incoming message is the client; of an outgoing one, a person of the team
        String contactName = INCOMING.equals(direction) ? trimToNull(fields.get("author.name")) : null;
        String phone = WebhookFields.identifier("message[add][" + n + "][phone]", phoneOf(fields));
        return new CanonicalMessage(Provider.KOMMO, id, phone, null, null, null, chatId, contactName, type, text,
                media, null, createdAt(fields.get("created_at")), metadata);
    }

    private static String direction(int n, String type) {
        if (isBlank(type)) {
            return INCOMING; // the event is "incoming message received": the client, unless Kommo says otherwise
        }
        String direction = type.trim().toLowerCase(Locale.ROOT);
        if (!INCOMING.equals(direction) && !OUTGOING.equals(direction)) {
            throw WebhookException.badRequest("invalid field message[add][" + n + "][type]",
                    "expected incoming or outgoing, got " + WebhookFields.quote(type));
        }
        return direction;
    }

    /** Kommo's classic webhook carries no phone number as a rule; one is kept when it does. */
    private static String phoneOf(Map<String, String> fields) {
        String phone = trimToNull(fields.get("phone"));
        if (phone == null) {
            phone = trimToNull(fields.get("author.phone"));
        }
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[\\s()\\-.]", "");
        return digits.matches("[0-9]{6,15}") ? "+" + digits : digits;
    }

    private static Instant createdAt(String value) {
        if (value != null && value.matches("[0-9]{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        return Instant.now();
    }

    private static String required(int n, Map<String, String> fields, String field) {
        String value = trimToNull(fields.get(field));
        if (value == null) {
            throw WebhookException.badRequest("missing field message[add][" + n + "][" + field + "]",
                    "every message of a Kommo \"incoming message received\" webhook carries its " + field);
        }
        return value;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (!isBlank(value)) {
            map.put(key, value);
        }
    }

    private static Map<String, String> metadataFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("talk_id", "talkId");
        fields.put("contact_id", "contactId");
        fields.put("entity_id", "entityId");
        fields.put("entity_type", "entityType");
        fields.put("element_id", "elementId");
        fields.put("element_type", "elementType");
        fields.put("origin", "origin");
        fields.put("message_type", "kommoMessageType");
        fields.put("created_at", "createdAt");
        fields.put("author.id", AUTHOR_ID);
        fields.put("author.type", "authorType");
        fields.put("author.name", "authorName");
        fields.put("attachment.type", "attachmentType");
        return fields;
    }
}
