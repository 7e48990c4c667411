package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.meta.MetaJson.array;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.wagateway.canonical.WhatsAppUserId;
import io.wagateway.webhook.WebhookException;
import io.wagateway.webhook.WebhookFields;
import java.util.regex.Pattern;

/**
 * Who wrote a Meta message: the phone ({@code from}, conditional since the 2026 usernames), the BSUID
 * ({@code from_user_id}, always sent since April 2026), and from the matching {@code contacts[]} entry the
 * profile name, the username and the parent BSUID. A {@code from} of the BSUID's shape is a BSUID (early
 * write-ups put it there). A message with neither phone nor BSUID, or with one of the wrong shape, is a
 * {@code 400}.
 *
 * @param waId        the phone as Meta writes it (digits, no {@code +}), null when withheld
 * @param contactName the profile name, else {@code @username}, else null (a known name is then kept)
 */
record MetaUser(String phone, String waId, String userId, String username, String parentUserId,
                String contactName) {

    /** A wa_id: the international number without '+', at most 15 digits (E.164). */
    private static final Pattern WA_ID = Pattern.compile("[0-9]{1,15}");
    private static final int MAX_USERNAME = 256;

    static MetaUser of(JsonNode message, JsonNode contacts, String where) {
        From from = From.of(message, where);
        String phone = from.phone();
        String userId = from.userId();
        if (!isBlank(text(message, "from_user_id"))) {
            userId = userId(text(message, "from_user_id"), "from_user_id", where);
        }
        JsonNode contact = contactOf(contacts, userId, phone);
        if (userId == null && !isBlank(text(contact, "user_id"))) {
            userId = userId(text(contact, "user_id"), "user_id", "contacts[]");
        }
        if (phone == null && !isBlank(text(contact, "wa_id")) && !WhatsAppUserId.isValid(text(contact, "wa_id"))) {
            phone = phone(text(contact, "wa_id"), "wa_id", "contacts[]");
        }
        if (phone == null && userId == null) {
            throw WebhookException.badRequest("missing field from_user_id", where + " has neither from (the "
                    + "user's phone) nor from_user_id (the user's BSUID); every WhatsApp message carries one");
        }
        String parentUserId = text(message, "from_parent_user_id");
        String parentField = "from_parent_user_id";
        String parentWhere = where;
        if (isBlank(parentUserId)) {
            parentUserId = text(contact, "parent_user_id");
            parentField = "parent_user_id";
            parentWhere = "contacts[]";
        }
        String name = text(contact.path("profile"), "name");
        String username = username(text(contact.path("profile"), "username"));
        return new MetaUser(phone, phone == null ? null : phone.substring(1), userId, username,
                isBlank(parentUserId) ? null : userId(parentUserId, parentField, parentWhere),
                !isBlank(name) ? name : username != null ? "@" + username : null);
    }

    /** {@code 15551234567} or {@code +15551234567} as {@code +15551234567}; anything else a 400 naming the field. */
    static String phone(String value, String field, String where) {
        String phone = wellFormedPhone(value);
        if (phone == null) {
            throw WebhookException.badRequest("invalid field " + field, where + "." + field + " must be a WhatsApp "
                    + "number (digits only) or a BSUID, got " + WebhookFields.quote(value));
        }
        return phone;
    }

    /** {@code 15551234567} or {@code +15551234567} as {@code +15551234567}; null for anything else. */
    static String wellFormedPhone(String value) {
        if (value == null) {
            return null;
        }
        String digits = value.strip();
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        return WA_ID.matcher(digits).matches() ? "+" + digits : null;
    }

    /** A BSUID, byte for byte; any other shape a 400 naming the field. */
    static String userId(String value, String field, String where) {
        if (!WhatsAppUserId.isValid(value)) {
            throw WebhookException.badRequest("invalid field " + field, where + "." + field + " must be a WhatsApp "
                    + "user id: " + WhatsAppUserId.SHAPE + ", got " + WebhookFields.quote(value));
        }
        return value;
    }

    /** The contact Meta sent for this sender: paired by BSUID (always possible since 2026), else by phone. */
    private static JsonNode contactOf(JsonNode contacts, String userId, String phone) {
        for (JsonNode contact : array(contacts)) {
            if ((userId != null && userId.equals(text(contact, "user_id")))
                    || (phone != null && phone.substring(1).equals(text(contact, "wa_id")))) {
                return contact;
            }
        }
        return MissingNode.getInstance();
    }

    /** Display text only: without the {@code @} some payloads put in front, control characters and excess. */
    private static String username(String value) {
        if (isBlank(value)) {
            return null;
        }
        String username = value.strip();
        if (username.startsWith("@")) {
            username = username.substring(1);
        }
        username = username.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (username.length() > MAX_USERNAME) {
            username = username.substring(0, MAX_USERNAME);
        }
        return username.isBlank() ? null : username;
    }

    /**
     * A message's {@code from}: the BSUID when it has the BSUID's shape (early write-ups put it there), else the
     * phone, a 400 when it is neither; both null when {@code from} is blank.
     */
    record From(String phone, String userId) {

        static From of(JsonNode message, String where) {
            String from = text(message, "from");
            if (isBlank(from)) {
                return new From(null, null);
            }
            return WhatsAppUserId.isValid(from.strip())
                    ? new From(null, from.strip())
                    : new From(MetaUser.phone(from, "from", where), null);
        }
    }
}
