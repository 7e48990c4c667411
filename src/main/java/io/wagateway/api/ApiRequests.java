package io.wagateway.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.canonical.Provider;
import io.wagateway.canonical.WhatsAppUserId;
import io.wagateway.outbound.OutboundEnqueueRoutes;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Checks the JSON bodies of the REST API's writes and turns them into the parameters of the routes that
 * do the work; anything invalid is a {@code 400}: {@code "invalid JSON"} for a body that is not one JSON
 * object, {@code "invalid field <name>"} naming the field otherwise (unknown fields included, so that a
 * misspelt field is not silently ignored). NUL characters, which PostgreSQL cannot store, are dropped.
 */
@Component("apiRequests")
public class ApiRequests {

    /** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    static final List<String> START_PROVIDERS = List.of(Provider.TWILIO.id(), Provider.META.id());
    static final int MAX_CONTACT_NAME = 256;

    private final ObjectMapper json;
    private final ApiParameters parameters;

    public ApiRequests(ObjectMapper json, ApiParameters parameters) {
        this.json = json.copy()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.parameters = parameters;
    }

    /** {@code PATCH /api/conversations/{id}} {@code {"status": "active|escalated|closed"}}. */
    public Map<String, Object> statusChange(@Body byte[] body, @Header("id") Object id) {
        Map<String, Object> result = parameters.conversationId(id);
        JsonNode object = object(body, List.of("status"));
        String status = string(object, "status", true);
        if (!ApiParameters.STATUSES.contains(status)) {
            throw ApiException.invalidField("status", "status must be one of " + String.join(", ", ApiParameters.STATUSES));
        }
        result.put("status", status);
        return result;
    }

    /** {@code POST /api/conversations/{id}/messages} {@code {"text": "...", "author": "agent|system"}}. */
    public Map<String, Object> conversationMessage(@Body byte[] body, @Header("id") Object id) {
        Map<String, Object> result = parameters.conversationId(id);
        JsonNode object = object(body, List.of("text", "author"));
        result.put("text", text(object));
        result.put("author", author(object));
        return result;
    }

    /**
     * {@code POST /api/messages} {@code {"provider": "twilio|meta", "phone": "+E164" and/or "userId": "<BSUID>",
     * "text": "...", "contactName": "...", "author": "agent|system"}}.
     */
    public Map<String, Object> newConversation(@Body byte[] body) {
        JsonNode object = object(body, List.of("provider", "phone", "userId", "text", "contactName", "author"));
        String provider = string(object, "provider", true);
        if (!START_PROVIDERS.contains(provider)) {
            throw ApiException.invalidField("provider", "provider must be one of " + String.join(", ", START_PROVIDERS)
                    + (Provider.KOMMO.id().equals(provider) ? " (a Kommo conversation starts in Kommo)" : ""));
        }
        String phone = string(object, "phone", false);
        String userId = string(object, "userId", false);
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
        String text = text(object);
        try {
            OutboundEnqueueRoutes.checkLength(text, Provider.fromId(provider));
        } catch (io.wagateway.http.RefusedRequest e) {
            throw ApiException.invalidField("text", e.detail());
        }
        String contactName = string(object, "contactName", false);
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
        result.put("author", author(object));
        return result;
    }

    /** The body as one JSON object with no other fields than {@code allowed}. */
    private JsonNode object(byte[] body, List<String> allowed) {
        if (body == null || body.length == 0) {
            throw ApiException.invalidJson("the body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidJson("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalidJson("the body cannot be read as JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalidJson("the body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ApiException(400, "unknown field " + abbreviate(name),
                        "the body may have only " + String.join(", ", allowed));
            }
        }
        return node;
    }

    /** A string field; {@code null} when absent or JSON null and not required. */
    private static String string(JsonNode object, String field, boolean required) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.invalidField(field, field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalidField(field, field + " must be a string");
        }
        return value.textValue().replace("\u0000", "");
    }

    private static String text(JsonNode object) {
        String text = string(object, "text", true);
        if (text.isBlank()) {
            throw ApiException.invalidField("text", "text must not be blank");
        }
        return text;
    }

    private static String author(JsonNode object) {
        String author = string(object, "author", false);
        if (author == null) {
            return OutboundEnqueueRoutes.AGENT;
        }
        if (!OutboundEnqueueRoutes.AUTHORS.contains(author)) {
            throw ApiException.invalidField("author", "author must be one of "
                    + String.join(", ", OutboundEnqueueRoutes.AUTHORS));
        }
        return author;
    }

    private static String abbreviate(String name) {
        return name.length() <= 50 ? name : name.substring(0, 50) + "...";
    }
}
