package io.wagateway.api;

import static io.wagateway.canonical.Text.withoutNul;

import io.wagateway.canonical.Provider;
import io.wagateway.canonical.WhatsAppUserId;
import io.wagateway.outbound.OutboundEnqueueRoutes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Checks the bodies of the REST API's writes, bound to their records by {@link ApiBodyReader}, and turns them
 * into the parameters of the routes that do the work; anything invalid is a {@code 400}
 * {@code "invalid field <name>"} naming the field. NUL characters, which PostgreSQL cannot store, are dropped.
 */
@Component("apiRequests")
public class ApiRequests {

    /** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    static final List<String> START_PROVIDERS = List.of(Provider.TWILIO.id(), Provider.META.id());
    static final int MAX_CONTACT_NAME = 256;
    static final int MAX_FILENAME = 255;

    private final ApiBodyReader bodies;
    private final ApiParameters parameters;

    public ApiRequests(ApiBodyReader bodies, ApiParameters parameters) {
        this.bodies = bodies;
        this.parameters = parameters;
    }

    /** {@code PATCH /api/conversations/{id}} {@code {"status": "active|escalated|closed"}}. */
    public Map<String, Object> statusChange(@Body byte[] body, @Header("id") Object id) {
        Map<String, Object> result = parameters.conversationId(id);
        String status = required("status", bodies.read(body, StatusChange.class).status());
        if (!ApiParameters.STATUSES.contains(status)) {
            throw ApiException.invalidField("status", "status must be one of "
                    + String.join(", ", ApiParameters.STATUSES));
        }
        result.put("status", status);
        return result;
    }

    /**
     * {@code POST /api/conversations/{id}/messages} {@code {"text": "...", "author": "agent|system", "media": "<id or
     * https URL>", "caption": "...", "filename": "..."}}: text, media or both; with media the text is the caption,
     * unless a caption is given ({@link MediaReference} for what media may be).
     */
    public Map<String, Object> conversationMessage(@Body byte[] body, @Header("id") Object id) {
        Map<String, Object> result = parameters.conversationId(id);
        OutboundMessage message = bodies.read(body, OutboundMessage.class);
        String media = withoutNul(message.media());
        if (media == null) {
            if (message.caption() != null || message.filename() != null) {
                String field = message.caption() != null ? "caption" : "filename";
                throw ApiException.invalidField(field, field + " goes with media; send the text as text");
            }
            result.put("text", text(message.text()));
        } else {
            String text = optional("text", message.text());
            String caption = optional("caption", message.caption());
            if (text != null && caption != null) {
                throw ApiException.invalidField("caption", "give the caption as text or as caption, not both");
            }
            if (media.isBlank()) {
                throw ApiException.invalidField("media", "media must not be blank");
            }
            result.put("media", MediaReference.of(media.strip(), filename(message.filename())));
            result.put("caption", caption != null ? caption : text);
        }
        result.put("author", author(message.author()));
        return result;
    }

    /** Absent, or not blank. */
    private static String optional(String field, String value) {
        String text = withoutNul(value);
        if (text != null && text.isBlank()) {
            throw ApiException.invalidField(field, field + " must not be blank");
        }
        return text;
    }

    /** A file name without folders or control characters, at most {@value #MAX_FILENAME} characters. */
    private static String filename(String value) {
        String name = optional("filename", value);
        if (name == null) {
            return null;
        }
        if (name.length() > MAX_FILENAME || name.contains("/") || name.contains("\\")
                || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField("filename", "filename must be a file name of at most " + MAX_FILENAME
                    + " characters, without / or \\ or control characters");
        }
        return name.strip();
    }

    /**
     * {@code POST /api/messages} {@code {"provider": "twilio|meta", "phone": "+E164" and/or "userId": "<BSUID>",
     * "text": "...", "contactName": "...", "author": "agent|system"}}.
     */
    public Map<String, Object> newConversation(@Body byte[] body) {
        NewConversation request = bodies.read(body, NewConversation.class);
        String provider = required("provider", request.provider());
        if (!START_PROVIDERS.contains(provider)) {
            throw ApiException.invalidField("provider", "provider must be one of " + String.join(", ", START_PROVIDERS)
                    + (Provider.KOMMO.id().equals(provider) ? " (a Kommo conversation starts in Kommo)" : ""));
        }
        String phone = withoutNul(request.phone());
        String userId = withoutNul(request.userId());
        if (phone == null && userId == null) {
            throw ApiException.invalidField("phone", "phone or userId is required: the user's phone in E.164 form, "
                    + "or their WhatsApp user id (BSUID)");
        }
        if (phone != null && !E164.matcher(phone).matches()) {
            throw ApiException.invalidField("phone", "phone must be in E.164 form, e.g. +5511999990001");
        }
        if (userId != null && !WhatsAppUserId.isValid(userId)) {
            throw ApiException.invalidField("userId", "userId must be a WhatsApp user id: " + WhatsAppUserId.SHAPE);
        }
        String text = text(request.text());
        try {
            OutboundEnqueueRoutes.checkLength(text, Provider.fromId(provider));
        } catch (io.wagateway.http.RefusedRequest e) {
            throw ApiException.invalidField("text", e.detail());
        }
        String contactName = withoutNul(request.contactName());
        if (contactName != null && contactName.isBlank()) {
            contactName = null;
        }
        if (contactName != null && contactName.length() > MAX_CONTACT_NAME) {
            throw ApiException.invalidField("contactName", "contactName must be at most " + MAX_CONTACT_NAME
                    + " characters");
        }
        Map<String, Object> result = new HashMap<>();
        result.put("provider", provider);
        result.put("phone", phone);
        result.put("userId", userId);
        result.put("contactName", contactName == null ? null : contactName.strip());
        result.put("text", text);
        result.put("author", author(request.author()));
        return result;
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw ApiException.invalidField(field, field + " is required");
        }
        return withoutNul(value);
    }

    private static String text(String value) {
        String text = required("text", value);
        if (text.isBlank()) {
            throw ApiException.invalidField("text", "text must not be blank");
        }
        return text;
    }

    private static String author(String value) {
        String author = withoutNul(value);
        if (author == null) {
            return OutboundEnqueueRoutes.AGENT;
        }
        if (!OutboundEnqueueRoutes.AUTHORS.contains(author)) {
            throw ApiException.invalidField("author", "author must be one of "
                    + String.join(", ", OutboundEnqueueRoutes.AUTHORS));
        }
        return author;
    }
}
