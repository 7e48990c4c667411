package io.wagateway.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.reliability.FuzzCase.Signing;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.TwilioWebhooks;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Generates hostile webhook bodies from a seed: valid payloads carrying odd values, payloads with fields of
 * the wrong type, missing or huge, truncated payloads, deep nesting, invalid UTF-8, binary and empty bodies,
 * wrong content types. Case {@code i} of a webhook uses strategy {@code i % strategies}, so every strategy is
 * exercised whatever the seed; the seed decides everything else.
 */
final class HostileBodies {

    /** Texts that have broken parsers, SQL, templates and logs elsewhere. None looks like a Java class name. */
    static final List<String> ODD_VALUES = List.of(
            "'", "\"", "\\", "''", "\\'", "'); DROP TABLE kommo_messages;--", "1' OR '1'='1", "$$", "$1", "$tag$x$tag$",
            ":#conversationId", ":#provider", "?", "??", "%", "_", "%_%",
            "a\u0000b", "\u0000", "😀👍🏽🇧🇷", "\u202Eevil\u202C",
            "مرحبا بالعالم", "שלום", "\uFEFFbom", "${header.CamelHttpUri}", "${body}", "#{1+1}", "{{7*7}}",
            "<script>alert(1)</script>", "]]><x/>", "line\r\nInjected: 1", "\t\n\r", " ", "", "null", "undefined",
            "NaN", "-1", "1e309", "9".repeat(400), "\u0007\u001b[31mred", "C:\\Windows\\system32", "../../etc/passwd",
            "%00", "%ZZ", "+", "&", "=", "[", "]", "{", "}", "\u00a0", "\u2028\u2029", "ǅ", "İı", "ß");

    static final List<String> WRONG_TYPES = List.of("abc", "-1", "1.5", "99999999999999999999", "NaN", "Infinity",
            "-Infinity", "1e400", "0x1F", "", " ", "true", "[]", "{}", "null", "+", "00012", "1,5", "٣");

    static final List<String> ODD_CONTENT_TYPES = java.util.Arrays.asList(null, "", "application/json",
            "text/plain", "text/plain; charset=bogus-charset", "multipart/form-data; boundary=xyz",
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "application/x-www-form-urlencoded; charset=utf-16",
            "application/xml", "*/*", "garbage", "application/octet-stream", "text/html; charset=\"", "image/png",
            "application/json; charset=utf-32");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TWILIO_FIELDS = {"MessageSid", "SmsMessageSid", "SmsSid", "AccountSid", "From",
            "To", "Body", "ProfileName", "WaId", "NumMedia", "MediaUrl0", "MediaContentType0", "Latitude", "Longitude",
            "Label", "Address", "MessageType", "ButtonText", "ButtonPayload", "NumSegments", "ReferralBody",
            "OriginalRepliedMessageSid", "Forwarded", "ApiVersion", "ExternalUserId", "ExternalUserIdentifier",
            "ParentExternalUserId", "ProfileUsername"};
    private static final String[] TWILIO_STATUSES = {"queued", "sending", "sent", "delivered", "read", "failed",
            "undelivered", "receiving", "received", "accepted", "scheduled", "canceled", "partially_delivered"};
    private static final String[] KOMMO_FIELDS = {"id", "chat_id", "talk_id", "contact_id", "text", "created_at",
            "element_type", "element_id", "entity_type", "entity_id", "type", "author][id", "author][type",
            "author][name", "origin", "message_type", "attachment][type", "attachment][link", "attachment][file_name",
            "phone", "author][phone"};

    private final Random random;

    HostileBodies(long seed) {
        this.random = new Random(seed);
    }

    // ------------------------------------------------------------------------------------------------ Twilio

    FuzzCase twilio(int i) {
        List<Supplier<FuzzCase>> strategies = List.of(
                () -> twilioForm("valid-odd-text", twilioText()),
                () -> twilioForm("valid-odd-text", twilioText()),
                () -> twilioForm("bsuid-sender", twilioBsuidSender()),
                () -> twilioForm("odd-fields", mutate(twilioText(), TWILIO_FIELDS, ODD_VALUES)),
                () -> twilioForm("wrong-types", mutate(twilioText(), TWILIO_FIELDS, WRONG_TYPES)),
                () -> twilioForm("missing-field", without(twilioText(), pick("MessageSid", "From", "Body"))),
                () -> twilioForm("media", twilioMedia()),
                () -> twilioForm("location", twilioLocation()),
                () -> twilioForm("huge-field", huge(twilioText(), pick(TWILIO_FIELDS))),
                () -> twilioForm("deep-keys", deepKey(twilioText(), "Body")),
                () -> twilioForm("many-fields", manyFields(twilioText())),
                () -> form(Webhooks.TWILIO, "truncated", truncate(encode(twilioText()))),
                () -> form(Webhooks.TWILIO, "invalid-utf8", invalidUtf8Form(twilioText(), "Body")),
                () -> form(Webhooks.TWILIO, "malformed-escape", malformedEscape(twilioText())),
                () -> form(Webhooks.TWILIO, "duplicate-keys", duplicateKeys(twilioText(), "MessageSid")),
                () -> form(Webhooks.TWILIO, "binary", binary()),
                () -> form(Webhooks.TWILIO, "empty", new byte[0]),
                () -> form(Webhooks.TWILIO, "no-equals",
                        "MessageSid&From&Body&&&=&==".getBytes(StandardCharsets.US_ASCII)),
                () -> new FuzzCase(Webhooks.TWILIO, "json-body", Webhooks.JSON, metaText(), Signing.VALID));
        return finish(strategies.get(i % strategies.size()).get());
    }

    private Map<String, String> twilioText() {
        Map<String, String> form = TwilioWebhooks.text(twilioSid(), phone(), oddText());
        form.put("ProfileName", oddText());
        return form;
    }

    /** A user known by the BSUID: without the phone, or with it; the BSUID valid or odd. */
    private Map<String, String> twilioBsuidSender() {
        Map<String, String> form = twilioText();
        String userId = random.nextInt(4) == 0 ? oddText() : bsuid();
        form.put(pick("ExternalUserId", "ExternalUserIdentifier"), "whatsapp:" + userId);
        if (random.nextBoolean()) {
            form.put("From", "whatsapp:" + userId);
            form.remove("WaId");
        }
        if (random.nextBoolean()) {
            form.put("ParentExternalUserId", "whatsapp:" + pick(bsuid(), "US.ENT.1181579921288", oddText()));
        }
        form.put("ProfileUsername", oddText());
        return form;
    }

    private Map<String, String> twilioMedia() {
        Map<String, String> form = twilioText();
        String count = random.nextBoolean() ? String.valueOf(random.nextInt(14) - 2) : pick(WRONG_TYPES);
        form.put("NumMedia", count);
        int urls = random.nextInt(4);
        for (int m = 0; m < urls; m++) {
            form.put("MediaUrl" + m, random.nextBoolean() ? "https://api.twilio.com/media/ME" + m : oddText());
            form.put("MediaContentType" + m, pick("image/jpeg", "application/pdf", "audio/ogg", oddText()));
        }
        return form;
    }

    private Map<String, String> twilioLocation() {
        Map<String, String> form = twilioText();
        form.put("Latitude", random.nextBoolean() ? String.valueOf(random.nextDouble() * 200 - 100)
                : pick(WRONG_TYPES));
        if (random.nextInt(4) > 0) {
            form.put("Longitude", random.nextBoolean() ? String.valueOf(random.nextDouble() * 400 - 200)
                    : pick(WRONG_TYPES));
        }
        form.put("Label", oddText());
        form.put("Address", oddText());
        return form;
    }

    private FuzzCase twilioForm(String kind, Map<String, String> form) {
        return form(Webhooks.TWILIO, kind, encode(form));
    }

    // ------------------------------------------------------------------------------------------------ Twilio status

    FuzzCase twilioStatus(int i, String knownSid) {
        List<Supplier<FuzzCase>> strategies = List.of(
                () -> statusForm("valid", statusFields(knownSid, pick(TWILIO_STATUSES))),
                () -> statusForm("valid", statusFields(knownSid, pick(TWILIO_STATUSES))),
                () -> statusForm("odd-status", statusFields(knownSid, oddText())),
                () -> statusForm("odd-fields", mutate(statusFields(knownSid, pick(TWILIO_STATUSES)),
                        new String[] {"MessageSid", "MessageStatus", "ErrorCode", "ErrorMessage", "To", "From"},
                        ODD_VALUES)),
                () -> statusForm("missing-field", without(statusFields(knownSid, "delivered"),
                        pick("MessageSid", "MessageStatus"))),
                () -> statusForm("huge-field", huge(statusFields(knownSid, "failed"),
                        pick("MessageSid", "ErrorMessage", "ErrorCode", "MessageStatus"))),
                () -> statusForm("deep-keys", deepKey(statusFields(knownSid, "read"), "ErrorMessage")),
                () -> statusForm("many-fields", manyFields(statusFields(knownSid, "sent"))),
                () -> form(Webhooks.TWILIO_STATUS, "truncated", truncate(encode(statusFields(knownSid, "read")))),
                () -> form(Webhooks.TWILIO_STATUS, "invalid-utf8",
                        invalidUtf8Form(statusFields(knownSid, "failed"), "ErrorMessage")),
                () -> form(Webhooks.TWILIO_STATUS, "malformed-escape", malformedEscape(statusFields(knownSid, "sent"))),
                () -> form(Webhooks.TWILIO_STATUS, "binary", binary()),
                () -> form(Webhooks.TWILIO_STATUS, "empty", new byte[0]));
        return finish(strategies.get(i % strategies.size()).get());
    }

    private Map<String, String> statusFields(String knownSid, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", random.nextInt(3) == 0 ? knownSid : twilioSid());
        form.put("MessageStatus", status);
        form.put("AccountSid", FakeProviders.ACCOUNT_SID);
        form.put("To", "whatsapp:" + phone());
        form.put("From", FakeProviders.WHATSAPP_FROM);
        if (random.nextBoolean()) {
            form.put("ErrorCode", random.nextBoolean() ? String.valueOf(63000 + random.nextInt(100)) : oddText());
            form.put("ErrorMessage", oddText());
        }
        return form;
    }

    private FuzzCase statusForm(String kind, Map<String, String> form) {
        return form(Webhooks.TWILIO_STATUS, kind, encode(form));
    }

    // ------------------------------------------------------------------------------------------------ Meta

    FuzzCase meta(int i) {
        List<Supplier<FuzzCase>> strategies = List.of(
                () -> json("valid-odd-text", metaText()),
                () -> json("valid-odd-text", metaText()),
                () -> json("valid-kinds", write(metaNotification(metaMessages(1 + random.nextInt(3)), metaStatuses()))),
                () -> json("bsuid-sender", write(metaNotification(NODES.arrayNode().add(withUserId(
                        metaMessage(pick("text", "image", "system"), waId()))), metaStatuses()))),
                () -> json("user-id-update", write(userIdUpdate())),
                () -> json("user-preferences", write(userPreferences())),
                () -> json("tree-mutation", write(mutateTree(metaNotification(metaMessages(2), metaStatuses())))),
                () -> json("tree-mutation", write(mutateTree(metaNotification(metaMessages(1), NODES.arrayNode())))),
                () -> json("wrong-top-level", write(wrongTopLevel())),
                () -> json("truncated", truncate(metaText())),
                () -> json("invalid-utf8", invalidUtf8Json()),
                () -> json("deep-nesting", deepJson()),
                () -> json("deep-in-notification", deepInNotification()),
                () -> json("scalar", pick("null", "1", "\"x\"", "[]", "true", "{}", "[{}]", "\"\"", "-0", "1e999999")
                        .getBytes(StandardCharsets.UTF_8)),
                () -> json("huge-field", hugeMetaText()),
                () -> json("escapes", metaEscapes()),
                () -> json("big-numbers", metaBigNumbers()),
                () -> json("many-messages",
                        write(metaNotification(sameSender(3 + random.nextInt(10)), NODES.arrayNode()))),
                () -> json("trailing-garbage", concat(metaText(), pick(" x", "}", "]", "{}", "\u0000", "//c")
                        .getBytes(StandardCharsets.UTF_8))),
                () -> json("bom", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, metaText())),
                () -> json("utf16", new String(metaText(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16)),
                () -> json("duplicate-keys", ("{\"object\":\"page\",\"object\":\"whatsapp_business_account\","
                        + "\"entry\":[],\"entry\":" + new String(entriesOf(metaText()), StandardCharsets.UTF_8) + "}")
                        .getBytes(StandardCharsets.UTF_8)),
                () -> json("binary", binary()),
                () -> json("empty", new byte[0]),
                () -> new FuzzCase(Webhooks.META, "form-body", Webhooks.FORM, encode(twilioText()), Signing.VALID));
        return finish(strategies.get(i % strategies.size()).get());
    }

    /** A well-formed notification of one text message with an odd text and name, from a new number. */
    byte[] metaText() {
        ArrayNode messages = NODES.arrayNode().add(metaMessage("text", waId()));
        return write(metaNotification(messages, NODES.arrayNode()));
    }

    private byte[] hugeMetaText() {
        ObjectNode root = metaNotification(NODES.arrayNode().add(metaMessage("text", waId())), NODES.arrayNode());
        ((ObjectNode) root.at("/entry/0/changes/0/value/messages/0/text")).put("body", hugeText());
        return write(root);
    }

    private byte[] metaEscapes() {
        String placeholder = "ESCAPE_PLACEHOLDER";
        ObjectNode root = metaNotification(NODES.arrayNode().add(metaMessage("text", waId())), NODES.arrayNode());
        ((ObjectNode) root.at("/entry/0/changes/0/value/messages/0/text")).put("body", "a" + placeholder + "b");
        String escape = pick("\\u0000", "\\ud800", "\\udfff\\ud800", "\\uFFFF", "\\ud83d\\ude00", "\\u202e",
                "\\u0000\\u0000", "\\\\u0000", "\\uDBFF\\uDFFF", "\\u00", "\\x41", "\\'");
        return new String(write(root), StandardCharsets.UTF_8).replace(placeholder, escape)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] metaBigNumbers() {
        ObjectNode root = metaNotification(NODES.arrayNode().add(metaMessage("location", waId())), NODES.arrayNode());
        ObjectNode message = (ObjectNode) root.at("/entry/0/changes/0/value/messages/0");
        message.put("timestamp", "NUMBER");
        ((ObjectNode) message.get("location")).put("latitude", "NUMBER");
        String number = pick("1e99999", "-1e99999", "9".repeat(2000), "0." + "0".repeat(1500) + "1",
                "123456789012345678901234567890", "-0.0", "1E+2147483648");
        return new String(write(root), StandardCharsets.UTF_8).replace("\"NUMBER\"", number)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] deepJson() {
        int depth = pick(500, 999, 1000, 1001, 5000, 50_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    /** A real notification whose message carries a deeply nested referral or payload. */
    private byte[] deepInNotification() {
        ObjectNode root = metaNotification(NODES.arrayNode().add(metaMessage(pick("text", "mystery"), waId())),
                NODES.arrayNode());
        String placeholder = "\"DEEP\"";
        ObjectNode message = (ObjectNode) root.at("/entry/0/changes/0/value/messages/0");
        message.put(pick("referral", "mystery", "errors"), "DEEP");
        int depth = pick(10, 100, 900, 985, 995, 1200, 20_000);
        String nested = "{\"a\":".repeat(depth) + "\"x\"" + "}".repeat(depth);
        return new String(write(root), StandardCharsets.UTF_8).replace(placeholder, nested)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] invalidUtf8Json() {
        byte[] valid = metaText();
        String text = new String(valid, StandardCharsets.UTF_8);
        int at = text.indexOf("\"body\":\"") + 8;
        byte[] prefix = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] rest = text.substring(at).getBytes(StandardCharsets.UTF_8);
        return concat(concat(prefix, invalidUtf8Bytes()), rest);
    }

    private ObjectNode wrongTopLevel() {
        ObjectNode root = metaNotification(metaMessages(1), NODES.arrayNode());
        String path = pick("", "/entry/0", "/entry/0/changes/0", "/entry/0/changes/0/value",
                "/entry/0/changes/0/value/messages/0", "/entry/0/changes/0/value/contacts/0");
        ObjectNode target = (ObjectNode) (path.isEmpty() ? root : root.at(path));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        target.set(pick(names.toArray(String[]::new)), oddJson(3));
        return root;
    }

    private ArrayNode metaMessages(int count) {
        ArrayNode messages = NODES.arrayNode();
        for (int m = 0; m < count; m++) {
            messages.add(metaMessage(pick("text", "image", "document", "audio", "video", "sticker", "location",
                    "interactive", "button", "reaction", "contacts", "order", "system", "unsupported", "mystery"),
                    waId()));
        }
        return messages;
    }

    private ArrayNode sameSender(int count) {
        String from = waId();
        ArrayNode messages = NODES.arrayNode();
        for (int m = 0; m < count; m++) {
            messages.add(metaMessage("text", from));
        }
        return messages;
    }

    private ArrayNode metaStatuses() {
        ArrayNode statuses = NODES.arrayNode();
        if (random.nextBoolean()) {
            ObjectNode status = statuses.addObject();
            status.put("id", "wamid." + UUID.randomUUID());
            status.put("status", pick("sent", "delivered", "read", "failed", "deleted", oddText()));
            status.put("timestamp", "1749416400");
            status.put("recipient_id", waId());
            if (random.nextBoolean()) {
                status.putArray("errors").addObject().put("code", random.nextInt(140000)).put("title", oddText());
            }
        }
        return statuses;
    }

    /** The message of a user known by the BSUID: from_user_id added, the phone sometimes withheld. */
    private ObjectNode withUserId(ObjectNode message) {
        message.put("from_user_id", random.nextInt(4) == 0 ? oddText() : bsuid());
        if (random.nextBoolean()) {
            message.remove("from");
        }
        if (random.nextInt(3) == 0) {
            message.put("from_parent_user_id", pick(bsuid(), "US.ENT.11815799212886844830", oddText()));
        }
        if ("system".equals(message.path("type").asText())) {
            ((ObjectNode) message.get("system")).put("type", pick("user_changed_number", "user_changed_user_id"))
                    .put("user_id", random.nextInt(4) == 0 ? oddText() : bsuid())
                    .put("previous_user_id", random.nextInt(4) == 0 ? oddText() : bsuid())
                    .put("wa_id", random.nextBoolean() ? waId() : oddText());
        }
        return message;
    }

    /** The field user_id_update (BSUID changes), with odd values some of the time. */
    private ObjectNode userIdUpdate() {
        ObjectNode root = metaNotification(NODES.arrayNode(), NODES.arrayNode());
        ObjectNode change = (ObjectNode) root.at("/entry/0/changes/0");
        change.put("field", "user_id_update");
        ObjectNode update = ((ObjectNode) change.get("value")).putArray("user_id_update").addObject();
        update.put("detail", oddText()).put("timestamp", pick("1787244002", oddText()));
        update.putObject("user_id").put("previous", random.nextInt(4) == 0 ? oddText() : bsuid())
                .put("current", random.nextInt(4) == 0 ? oddText() : bsuid());
        if (random.nextBoolean()) {
            update.put("wa_id", random.nextBoolean() ? waId() : oddText());
        }
        return root;
    }

    /** The field user_preferences (marketing messages stopped or resumed), odd or of the wrong shape at times. */
    private ObjectNode userPreferences() {
        ObjectNode root = metaNotification(NODES.arrayNode(), NODES.arrayNode());
        ObjectNode change = (ObjectNode) root.at("/entry/0/changes/0");
        change.put("field", "user_preferences");
        ObjectNode value = (ObjectNode) change.get("value");
        if (random.nextInt(4) == 0) {
            value.set("user_preferences", oddJson(2));
            return root;
        }
        ObjectNode preference = value.putArray("user_preferences").addObject();
        preference.put("wa_id", random.nextBoolean() ? waId() : oddText());
        if (random.nextBoolean()) {
            preference.put("user_id", random.nextInt(3) == 0 ? oddText() : bsuid());
        }
        preference.put("category", pick("marketing_messages", oddText()));
        preference.put("value", pick("stop", "resume", oddText()));
        preference.put("detail", oddText());
        preference.put("timestamp", pick("1787244002", oddText(), "9".repeat(400)));
        return root;
    }

    private String bsuid() {
        return pick("BR", "US", "in", "CO") + "." + Math.abs(random.nextLong());
    }

    private ObjectNode metaMessage(String type, String from) {
        ObjectNode message = NODES.objectNode();
        message.put("from", from);
        message.put("id", "wamid." + UUID.randomUUID());
        message.put("timestamp", "1749416383");
        message.put("type", type);
        ObjectNode detail = message.putObject(type);
        switch (type) {
            case "text" -> detail.put("body", oddText());
            case "image", "document", "audio", "video", "sticker" -> {
                detail.put("id", "1479537139650973").put("mime_type", pick("image/jpeg", oddText()))
                        .put("sha256", "29ed500fa64eb55fc19dc4124acb300e5dcca0f822a301ae99944db")
                        .put("caption", oddText());
                if (type.equals("document")) {
                    detail.put("filename", oddText());
                }
                if (type.equals("audio")) {
                    detail.put("voice", random.nextBoolean());
                }
            }
            case "location" -> detail.put("latitude", random.nextDouble() * 180 - 90)
                    .put("longitude", random.nextDouble() * 360 - 180).put("name", oddText()).put("address", oddText());
            case "interactive" -> {
                String kind = pick("button_reply", "list_reply", "nfm_reply", "mystery_reply");
                detail.put("type", kind);
                detail.putObject(kind).put("id", oddText()).put("title", oddText()).put("response_json", "{\"a\":1}");
            }
            case "button" -> detail.put("payload", oddText()).put("text", oddText());
            case "reaction" -> detail.put("message_id", "wamid." + UUID.randomUUID())
                    .put("emoji", pick("👍", "", oddText()));
            case "contacts" -> {
                message.remove("contacts");
                ObjectNode card = message.putArray("contacts").addObject();
                card.putObject("name").put("formatted_name", oddText());
                card.putArray("phones").addObject().put("phone", oddText());
            }
            case "order" -> {
                detail.put("catalog_id", oddText()).put("text", oddText());
                detail.putArray("product_items").addObject().put("product_retailer_id", oddText()).put("quantity", 2);
            }
            case "system" -> detail.put("body", oddText()).put("type", "user_changed_number");
            case "unsupported" -> {
                detail.put("type", oddText());
                message.putArray("errors").addObject().put("code", 131051).put("title", oddText());
            }
            default -> detail.put("anything", oddText());
        }
        if (random.nextInt(5) == 0) {
            message.putObject("context").put("from", from).put("id", "wamid." + UUID.randomUUID())
                    .put("forwarded", random.nextBoolean());
        }
        return message;
    }

    private ObjectNode metaNotification(ArrayNode messages, ArrayNode statuses) {
        ObjectNode root = NODES.objectNode();
        root.put("object", "whatsapp_business_account");
        ObjectNode entry = root.putArray("entry").addObject();
        entry.put("id", "102290129340398");
        ObjectNode change = entry.putArray("changes").addObject();
        ObjectNode value = change.putObject("value");
        value.put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "15550783881")
                .put("phone_number_id", FakeProviders.META_PHONE_NUMBER_ID);
        ArrayNode contacts = value.putArray("contacts");
        for (JsonNode message : messages) {
            ObjectNode contact = contacts.addObject();
            if (message.has("from")) {
                contact.put("wa_id", message.path("from").asText());
            }
            if (message.has("from_user_id")) {
                contact.put("user_id", message.path("from_user_id").asText());
                contact.putObject("profile").put("name", oddText()).put("username", oddText());
            } else {
                contact.putObject("profile").put("name", oddText());
            }
        }
        if (!messages.isEmpty()) {
            value.set("messages", messages);
        }
        if (!statuses.isEmpty()) {
            value.set("statuses", statuses);
        }
        change.put("field", "messages");
        return root;
    }

    /** Replaces or removes 1 to 3 random nodes of the tree. */
    private JsonNode mutateTree(ObjectNode root) {
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            List<Object[]> slots = new ArrayList<>();
            collectSlots(root, slots);
            if (slots.isEmpty()) {
                // an earlier mutation removed the last member: {} is hostile enough
                break;
            }
            Object[] slot = slots.get(random.nextInt(slots.size()));
            boolean remove = random.nextInt(3) == 0;
            if (slot[0] instanceof ObjectNode parent) {
                if (remove) {
                    parent.remove((String) slot[1]);
                } else {
                    parent.set((String) slot[1], oddJson(2));
                }
            } else if (slot[0] instanceof ArrayNode parent) {
                if (remove) {
                    parent.remove((Integer) slot[1]);
                } else {
                    parent.set((Integer) slot[1], oddJson(2));
                }
            }
        }
        return root;
    }

    private static void collectSlots(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                slots.add(new Object[] {object, name});
                collectSlots(object.get(name), slots);
            });
        } else if (node instanceof ArrayNode array) {
            for (int k = 0; k < array.size(); k++) {
                slots.add(new Object[] {array, k});
                collectSlots(array.get(k), slots);
            }
        }
    }

    private JsonNode oddJson(int depth) {
        return switch (random.nextInt(depth <= 0 ? 9 : 12)) {
            case 0 -> NODES.textNode(oddText());
            case 1 -> NODES.numberNode(pick(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1749416383L));
            case 2 -> NODES.numberNode(pick(1.5, -0.0, 1e308, Double.MIN_VALUE));
            case 3 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(200))));
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.nullNode();
            case 6 -> NODES.arrayNode();
            case 7 -> NODES.objectNode();
            case 8 -> NODES.textNode(pick(WRONG_TYPES));
            case 9 -> NODES.arrayNode().add(oddJson(depth - 1)).add(oddJson(depth - 1));
            case 10 -> NODES.objectNode().set(oddText(), oddJson(depth - 1));
            default -> NODES.objectNode().set("id", oddJson(depth - 1));
        };
    }

    private static byte[] entriesOf(byte[] notification) {
        try {
            return MAPPER.writeValueAsBytes(MAPPER.readTree(notification).get("entry"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private FuzzCase json(String kind, byte[] body) {
        return new FuzzCase(Webhooks.META, kind, Webhooks.JSON, body, Signing.VALID);
    }

    // ------------------------------------------------------------------------------------------------ Kommo

    FuzzCase kommo(int i) {
        List<Supplier<FuzzCase>> strategies = List.of(
                () -> kommoForm("valid-odd-text", kommoMessage("incoming")),
                () -> kommoForm("valid-odd-text", kommoMessage("incoming")),
                () -> kommoForm("valid-outgoing", kommoMessage("outgoing")),
                () -> kommoForm("odd-fields", mutate(kommoMessage("incoming"), kommoKeys(0), ODD_VALUES)),
                () -> kommoForm("wrong-types", mutate(kommoMessage("incoming"), kommoKeys(0), WRONG_TYPES)),
                () -> kommoForm("missing-field", without(kommoMessage("incoming"),
                        "message[add][0][" + pick("id", "chat_id", "text", "type") + "]")),
                () -> kommoForm("odd-index", oddIndex(kommoMessage("incoming"))),
                () -> kommoForm("huge-field",
                        huge(kommoMessage("incoming"), "message[add][0][" + pick(KOMMO_FIELDS) + "]")),
                () -> kommoForm("deep-keys", deepKey(kommoMessage("incoming"), "message[add][0][author]")),
                () -> kommoForm("many-messages", manyKommoMessages(3 + random.nextInt(10))),
                () -> kommoForm("many-fields", manyFields(kommoMessage("incoming"))),
                () -> kommoForm("attachment", kommoAttachment()),
                () -> form(Webhooks.KOMMO, "truncated", truncate(encode(kommoMessage("incoming")))),
                () -> form(Webhooks.KOMMO, "invalid-utf8",
                        invalidUtf8Form(kommoMessage("incoming"), "message[add][0][text]")),
                () -> form(Webhooks.KOMMO, "malformed-escape", malformedEscape(kommoMessage("incoming"))),
                () -> form(Webhooks.KOMMO, "binary", binary()),
                () -> form(Webhooks.KOMMO, "empty", new byte[0]),
                () -> form(Webhooks.KOMMO, "other-event", encode(KommoWebhooks.account())),
                () -> new FuzzCase(Webhooks.KOMMO, "json-body", Webhooks.JSON, metaText(), Signing.VALID));
        return finish(strategies.get(i % strategies.size()).get());
    }

    private Map<String, String> kommoMessage(String type) {
        Map<String, String> form = KommoWebhooks.message(0, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                type, oddText());
        form.put("message[add][0][author][name]", oddText());
        return form;
    }

    private Map<String, String> kommoAttachment() {
        Map<String, String> form = kommoMessage("incoming");
        form.put("message[add][0][attachment][type]", pick("picture", "file", "video", "voice", oddText()));
        form.put("message[add][0][attachment][link]", pick("https://amojo.kommo.com/a.jpg", oddText()));
        form.put("message[add][0][attachment][file_name]", oddText());
        return form;
    }

    private Map<String, String> oddIndex(Map<String, String> form) {
        String index = pick("-1", "1e3", "9999999999", "000", "", " 1", "0x1", "999999999", "01", "a");
        Map<String, String> moved = new LinkedHashMap<>();
        form.forEach((key, value) -> moved.put(key.replace("message[add][0]", "message[add][" + index + "]"), value));
        return moved;
    }

    private Map<String, String> manyKommoMessages(int count) {
        Map<String, String> form = KommoWebhooks.account();
        String chat = UUID.randomUUID().toString();
        for (int n = 0; n < count; n++) {
            KommoWebhooks.addMessage(form, n, UUID.randomUUID().toString(), chat, "incoming", oddText());
        }
        return form;
    }

    private String[] kommoKeys(int n) {
        String[] keys = new String[KOMMO_FIELDS.length + 2];
        for (int k = 0; k < KOMMO_FIELDS.length; k++) {
            keys[k] = "message[add][" + n + "][" + KOMMO_FIELDS[k] + "]";
        }
        keys[KOMMO_FIELDS.length] = "account[id]";
        keys[KOMMO_FIELDS.length + 1] = "account[subdomain]";
        return keys;
    }

    private FuzzCase kommoForm(String kind, Map<String, String> form) {
        return form(Webhooks.KOMMO, kind, encode(form));
    }

    // ------------------------------------------------------------------------------------------------ forms

    private Map<String, String> mutate(Map<String, String> form, String[] fields, List<String> values) {
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
            form.put(pick(fields), pick(values));
        }
        return form;
    }

    private static Map<String, String> without(Map<String, String> form, String field) {
        form.remove(field);
        return form;
    }

    private Map<String, String> huge(Map<String, String> form, String field) {
        form.put(field, hugeText());
        return form;
    }

    /** 100 kB to 900 kB of text: ASCII, emoji or a mixture of the odd values (whose encoding may pass 1 MB). */
    private String hugeText() {
        int size = 100_000 + random.nextInt(800_000);
        return switch (random.nextInt(3)) {
            case 0 -> "x".repeat(size);
            case 1 -> "😀".repeat(size / 16);
            default -> {
                StringBuilder text = new StringBuilder();
                while (text.length() < size / 4) {
                    text.append(pick(ODD_VALUES));
                }
                yield text.toString();
            }
        };
    }

    private Map<String, String> deepKey(Map<String, String> form, String base) {
        int depth = pick(100, 1000, 5000, 20_000);
        form.put(base + "[x]".repeat(depth), oddText());
        return form;
    }

    private Map<String, String> manyFields(Map<String, String> form) {
        int count = 500 + random.nextInt(5_000);
        for (int f = 0; f < count; f++) {
            form.put("f" + f, random.nextBoolean() ? "" : String.valueOf(f));
        }
        return form;
    }

    private byte[] invalidUtf8Form(Map<String, String> form, String field) {
        String encoded = encode(form, field);
        byte[] invalid = invalidUtf8Bytes();
        String marker = encodeOne(field) + "=";
        StringBuilder escaped = new StringBuilder();
        boolean raw = random.nextInt(4) == 0;
        if (raw) {
            int at = encoded.indexOf(marker) + marker.length();
            return concat(concat(encoded.substring(0, at).getBytes(StandardCharsets.US_ASCII), invalid),
                    encoded.substring(at).getBytes(StandardCharsets.US_ASCII));
        }
        for (byte b : invalid) {
            escaped.append('%').append(String.format("%02X", b & 0xff));
        }
        return encoded.replace(marker, marker + escaped).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] invalidUtf8Bytes() {
        return pick(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80,
                        (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0x80});
    }

    private byte[] malformedEscape(Map<String, String> form) {
        String encoded = TwilioWebhooks.encode(form);
        String bad = pick("%", "%Z1", "%4", "%%", "%u0041", "%G0");
        int at = random.nextInt(encoded.length() + 1);
        return (encoded.substring(0, at) + bad + encoded.substring(at)).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] duplicateKeys(Map<String, String> form, String field) {
        return (TwilioWebhooks.encode(form) + "&" + encodeOne(field) + "=" + encodeOne(oddText()))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private FuzzCase form(String webhook, String kind, byte[] body) {
        return new FuzzCase(webhook, kind, Webhooks.FORM, body, Signing.VALID);
    }

    private static byte[] encode(Map<String, String> form) {
        return TwilioWebhooks.encode(form).getBytes(StandardCharsets.US_ASCII);
    }

    /** The form encoded with {@code field} last, so that bytes can be spliced into its value. */
    private static String encode(Map<String, String> form, String field) {
        Map<String, String> ordered = new LinkedHashMap<>(form);
        String value = ordered.remove(field);
        ordered.put(field, value == null ? "" : value);
        return TwilioWebhooks.encode(ordered);
    }

    private static String encodeOne(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ common

    /** Most cases keep their content type and a valid signature; some get another content type or none. */
    private FuzzCase finish(FuzzCase generated) {
        FuzzCase done = generated;
        if (random.nextInt(10) == 0) {
            done = done.withContentType(pick(ODD_CONTENT_TYPES));
        }
        int signing = random.nextInt(20);
        if (signing == 0) {
            done = done.withSigning(Signing.NONE);
        } else if (signing == 1) {
            done = done.withSigning(Signing.FORGED);
        }
        return done;
    }

    private byte[] truncate(byte[] body) {
        return java.util.Arrays.copyOf(body, 1 + random.nextInt(Math.max(1, body.length - 1)));
    }

    private byte[] binary() {
        byte[] body = new byte[1 + random.nextInt(4096)];
        random.nextBytes(body);
        return body;
    }

    private String oddText() {
        int parts = 1 + random.nextInt(3);
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            text.append(pick(ODD_VALUES));
        }
        return text.toString();
    }

    String phone() {
        return "+" + (1 + random.nextInt(9))
                + String.format("%010d", Math.floorMod(random.nextLong(), 10_000_000_000L));
    }

    private String waId() {
        return phone().substring(1);
    }

    private String twilioSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
