package io.wagateway.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Binds the JSON body of a REST API write to its record with Jackson (a strict copy of the application's
 * ObjectMapper); anything else is a {@code 400}: {@code "invalid JSON"} for a body that is not one JSON object
 * (empty, malformed, a field given twice, something after it), {@code "unknown field <name>"} for a field the
 * record does not have (so that a misspelt field is not silently ignored), {@code "invalid field <name>"} for a
 * value of another type (a number or a boolean is no string). An absent field and JSON {@code null} are null.
 */
@Component
public class ApiBodyReader {

    private final ObjectMapper json;

    public ApiBodyReader(ObjectMapper json) {
        this.json = json.copy()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.json.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    /** The body as a {@code type}: unknown fields are refused before the types are looked at. */
    public <T extends Record> T read(byte[] body, Class<T> type) {
        JsonNode object = object(body);
        List<String> fields = fields(type);
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new ApiException(400, "unknown field " + abbreviate(name),
                        "the body may have only " + String.join(", ", fields));
            }
        }
        try {
            return json.treeToValue(object, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getFieldName();
            throw ApiException.invalidField(field, field + " must be " + kind(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot bind " + type.getSimpleName(), e);
        }
    }

    /** The field names of a body: the record's components, in their order. */
    public static List<String> fields(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private JsonNode object(byte[] body) {
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
        return node;
    }

    private static String kind(Class<?> type) {
        return String.class.equals(type) ? "a string" : "of type " + (type == null ? "?" : type.getSimpleName());
    }

    private static String abbreviate(String name) {
        return name.length() <= 50 ? name : name.substring(0, 50) + "...";
    }
}
