package io.wagateway.twilio;

import static io.wagateway.canonical.Text.blankToNull;
import static io.wagateway.canonical.Text.isBlank;

import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.CanonicalMessage.Location;
import io.wagateway.canonical.CanonicalMessage.Media;
import io.wagateway.canonical.MessageType;
import io.wagateway.canonical.Provider;
import io.wagateway.canonical.WhatsAppUserId;
import io.wagateway.webhook.WebhookException;
import io.wagateway.webhook.WebhookFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Handler;
import org.springframework.stereotype.Component;

/**
 * Turns the form fields of Twilio's inbound WhatsApp webhook into the canonical message: text, media
 * (image or file), location and quick-reply buttons; WhatsApp details go to {@code metadata}. The sender is
 * {@code From=whatsapp:+<phone>}, or {@code whatsapp:<BSUID>} for a user whose phone is withheld; the BSUID
 * beside a phone comes as {@code ExternalUserId} ({@code ../shared/providers/bsuid.md} §6).
 */
@Component("twilioNormalizer")
public class TwilioNormalizer {

    private static final String WHATSAPP_PREFIX = "whatsapp:";
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{5,14}");
    /** The BSUID beside the phone; the first spelling is the one every capture shows. */
    private static final List<String> USER_ID_FIELDS = List.of("ExternalUserId", "ExternalUserIdentifier");
    private static final List<String> PARENT_USER_ID_FIELDS = List.of("ParentExternalUserId");
    /** Not in Twilio's documentation yet: the names integrations read. */
    private static final List<String> USERNAME_FIELDS = List.of("ProfileUsername", "Username");
    /** Fields worth keeping, under their metadata names. */
    private static final Map<String, String> METADATA_FIELDS = metadataFields();

    @Handler
    public CanonicalMessage normalize(Map<String, String> form) {
        String messageSid = WebhookFields.identifier("MessageSid", required(form, "MessageSid"));
        String from = address(required(form, "From"));
        String phone = WhatsAppUserId.isValid(from) ? null : phoneOf(from, form.get("From"));
        String userId = userIdOf(form, phone == null ? from : null);
        String parentUserId = firstOf(form, PARENT_USER_ID_FIELDS);
        if (parentUserId != null) {
            parentUserId = checkedUserId(PARENT_USER_ID_FIELDS.get(0), address(parentUserId));
        }
        String username = firstOf(form, USERNAME_FIELDS);
        String body = form.getOrDefault("Body", "");
        Map<String, Object> metadata = new LinkedHashMap<>();
        METADATA_FIELDS.forEach((field, key) -> {
            String value = form.get(field);
            if (value != null && !value.isEmpty()) {
                metadata.put(key, value);
            }
        });

        Location location = locationOf(form);
        List<Media> media = mediaOf(form);
        MessageType type;
        String text;
        if (location != null) {
            type = MessageType.LOCATION;
            text = body.isBlank() ? describe(location) : body;
        } else if (!media.isEmpty()) {
            Media first = media.get(0);
            type = isImage(first) ? MessageType.IMAGE : MessageType.FILE;
            text = body.isBlank() ? "[" + type.id() + ": " + first.contentType() + "]" : body;
            if (media.size() > 1) {
                metadata.put("additionalMedia", media.subList(1, media.size()));
            }
        } else {
            type = MessageType.TEXT;
            text = "button".equals(form.get("MessageType")) && form.containsKey("ButtonText")
                    ? form.get("ButtonText")
                    : body;
            if (text.isBlank()) {
                // nothing is dropped silently: say what arrived
                text = "[message without text" + (form.containsKey("MessageType")
                        ? ", WhatsApp type " + form.get("MessageType") : "") + "]";
            }
        }
        if (username != null && username.startsWith("@")) {
            username = blankToNull(username.substring(1));
        }
        String profileName = form.get("ProfileName");
        String contactName = !isBlank(profileName) ? profileName
                : username != null ? "@" + username
                : phone != null ? phone : userId;
        return new CanonicalMessage(Provider.TWILIO, messageSid, phone, userId, username, parentUserId, null,
                contactName, type, text, media.isEmpty() ? null : media.get(0), location, Instant.now(), metadata);
    }

    /** {@code whatsapp:+15551234567} or {@code whatsapp:BR.1582043977165209} without the channel prefix. */
    private static String address(String value) {
        String address = value.startsWith(WHATSAPP_PREFIX) ? value.substring(WHATSAPP_PREFIX.length()) : value;
        return address.trim();
    }

    private static String phoneOf(String address, String from) {
        String phone = address.startsWith("+") ? address : "+" + address;
        if (!E164.matcher(phone).matches()) {
            throw WebhookException.badRequest("invalid field From", "expected whatsapp:+<E.164 number> or "
                    + "whatsapp:<BSUID> (" + WhatsAppUserId.SHAPE + "), got " + WebhookFields.quote(from));
        }
        return phone;
    }

    /**
     * The sender's BSUID: the {@code ExternalUserId} parameter (Twilio's changelog also spells it
     * {@code ExternalUserIdentifier}), else a {@code From} that is one.
     */
    private static String userIdOf(Map<String, String> form, String fromUserId) {
        String external = firstOf(form, USER_ID_FIELDS);
        return external == null ? fromUserId : checkedUserId(USER_ID_FIELDS.get(0), address(external));
    }

    private static String checkedUserId(String field, String value) {
        if (!WhatsAppUserId.isValid(value)) {
            throw WebhookException.badRequest("invalid field " + field, "expected whatsapp:<BSUID> ("
                    + WhatsAppUserId.SHAPE + "), got " + WebhookFields.quote(value));
        }
        return value;
    }

    /** The first of the spellings a parameter arrives under that is not blank. */
    private static String firstOf(Map<String, String> form, List<String> spellings) {
        for (String field : spellings) {
            if (!isBlank(form.get(field))) {
                return form.get(field).strip();
            }
        }
        return null;
    }

    private static Location locationOf(Map<String, String> form) {
        String latitude = form.get("Latitude");
        String longitude = form.get("Longitude");
        if (isBlank(latitude) && isBlank(longitude)) {
            return null;
        }
        return new Location(coordinate("Latitude", latitude, 90), coordinate("Longitude", longitude, 180),
                blankToNull(form.get("Label")), blankToNull(form.get("Address")));
    }

    private static List<Media> mediaOf(Map<String, String> form) {
        int count = integer(form, "NumMedia");
        List<Media> media = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String url = form.get("MediaUrl" + i);
            if (isBlank(url)) {
                throw WebhookException.badRequest("missing field MediaUrl" + i, "NumMedia is " + count);
            }
            String contentType = form.getOrDefault("MediaContentType" + i, "application/octet-stream");
            media.add(new Media(url, contentType, null, null, null));
        }
        return media;
    }

    private static boolean isImage(Media media) {
        return media.contentType() != null && media.contentType().startsWith("image/");
    }

    private static String describe(Location location) {
        StringBuilder text = new StringBuilder("[location: ");
        if (location.name() != null) {
            text.append(location.name()).append(", ");
        }
        if (location.address() != null) {
            text.append(location.address()).append(", ");
        }
        return text.append(location.latitude()).append(", ").append(location.longitude()).append(']').toString();
    }

    private static String required(Map<String, String> form, String field) {
        String value = form.get(field);
        if (isBlank(value)) {
            throw WebhookException.badRequest("missing field " + field,
                    "a Twilio WhatsApp webhook always carries " + field);
        }
        return value;
    }

    private static int integer(Map<String, String> form, String field) {
        String value = form.get(field);
        if (isBlank(value)) {
            return 0;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 0 || number > 10) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw WebhookException.badRequest("invalid field " + field,
                    "expected 0 to 10, got " + WebhookFields.quote(value));
        }
    }

    private static double coordinate(String field, String value, double limit) {
        try {
            double number = Double.parseDouble(value.trim());
            if (Double.isNaN(number) || Math.abs(number) > limit) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException | NullPointerException e) {
            throw WebhookException.badRequest("invalid field " + field,
                    "expected a coordinate within ±" + (int) limit + ", got " + WebhookFields.quote(value));
        }
    }

    private static Map<String, String> metadataFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("WaId", "waId");
        fields.put("To", "to");
        fields.put("AccountSid", "accountSid");
        fields.put("MessagingServiceSid", "messagingServiceSid");
        fields.put("MessageType", "whatsappMessageType");
        fields.put("ButtonPayload", "buttonPayload");
        fields.put("ButtonText", "buttonText");
        fields.put("OriginalRepliedMessageSid", "repliedToMessageSid");
        fields.put("Forwarded", "forwarded");
        fields.put("FrequentlyForwarded", "frequentlyForwarded");
        fields.put("ReferralSourceUrl", "referralSourceUrl");
        fields.put("ReferralHeadline", "referralHeadline");
        fields.put("ReferralBody", "referralBody");
        fields.put("ReferralCtwaClid", "referralCtwaClid");
        return Map.copyOf(fields);
    }
}
