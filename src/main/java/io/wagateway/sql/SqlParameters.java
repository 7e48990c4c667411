package io.wagateway.sql;

import static io.wagateway.canonical.Text.withoutNul;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.CanonicalMessage.Media;
import io.wagateway.canonical.ConsentChange;
import io.wagateway.canonical.IdentityChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.TypeConverterSupport;
import org.springframework.stereotype.Component;

/**
 * Lets the SQL component read a {@link CanonicalMessage} body as named parameters
 * ({@code :#phone}, {@code :#providerMessageId}, {@code :#metadata}...).
 */
@Component
public class SqlParameters implements CamelContextConfiguration {

    private final ObjectMapper json;

    public SqlParameters(ObjectMapper json) {
        // jsonb refuses an escaped NUL as text does a raw one: strings lose their NULs on the way in
        this.json = json.copy().registerModule(new SimpleModule().addSerializer(String.class,
                new StdScalarSerializer<String>(String.class) {
                    @Override
                    public void serialize(String value, JsonGenerator generator, SerializerProvider provider)
                            throws java.io.IOException {
                        generator.writeString(withoutNul(value));
                    }
                }));
    }

    public Map<String, Object> of(CanonicalMessage message) {
        Map<String, Object> params = new HashMap<>();
        params.put("provider", message.provider().id());
        params.put("providerMessageId", withoutNul(message.providerMessageId()));
        params.put("phone", withoutNul(message.phone()));
        params.put("userId", withoutNul(message.userId()));
        params.put("username", withoutNul(message.username()));
        params.put("parentUserId", withoutNul(message.parentUserId()));
        params.put("kommoChatId", withoutNul(message.kommoChatId()));
        params.put("contactName", withoutNul(message.contactName()));
        params.put("messageType", message.type().id());
        params.put("text", withoutNul(message.text()));
        params.put("metadata", toJson(message.storedMetadata()));
        params.put("media", toJson(mediaRows(message)));
        return params;
    }

    /** The {@code media} rows of a user message (kommo_messages/save-inbound.sql), one per attachment. */
    private static List<Map<String, Object>> mediaRows(CanonicalMessage message) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Media media : message.attachments()) {
            Map<String, Object> row = new HashMap<>();
            row.put("url", media.url());
            row.put("id", media.id());
            row.put("contentType", media.contentType());
            row.put("caption", media.caption());
            row.put("filename", media.filename());
            // Meta announces the checksum of its one attachment
            row.put("sha256", rows.isEmpty() ? message.metadata().get("mediaSha256") : null);
            rows.add(row);
        }
        return rows;
    }

    /** {@code kommo_conversations/link-identity.sql} and {@code kommo_messages/save-system.sql}. */
    public Map<String, Object> of(IdentityChange change) {
        Map<String, Object> params = new HashMap<>();
        params.put("provider", change.provider().id());
        params.put("providerMessageId", withoutNul(change.providerMessageId()));
        params.put("previousPhone", change.previousPhone());
        params.put("previousUserId", change.previousUserId());
        params.put("phone", change.phone());
        params.put("userId", change.userId());
        params.put("parentUserId", change.parentUserId());
        params.put("text", withoutNul(change.text()));
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("previousPhone", change.previousPhone());
        identity.put("previousUserId", change.previousUserId());
        identity.put("phone", change.phone());
        identity.put("userId", change.userId());
        identity.values().removeIf(Objects::isNull);
        params.put("metadata", toJson(Map.of("identityChange", identity)));
        return params;
    }

    /** {@code find-or-create-whatsapp.sql}, {@code save-system.sql} and {@code set-consent.sql}. */
    public Map<String, Object> of(ConsentChange change) {
        Map<String, Object> params = new HashMap<>();
        params.put("provider", change.provider().id());
        params.put("providerMessageId", withoutNul(change.providerMessageId()));
        params.put("phone", change.phone());
        params.put("userId", change.userId());
        params.put("username", null);
        params.put("parentUserId", null);
        params.put("contactName", null);
        params.put("optedOut", change.optedOut());
        params.put("text", withoutNul(change.text()));
        params.put("metadata", toJson(Map.of("consent", change.optedOut() ? "opt_out" : "opt_in",
                "source", "user_preferences")));
        return params;
    }

    public String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        context.getTypeConverterRegistry().addTypeConverter(Map.class, CanonicalMessage.class,
                new TypeConverterSupport() {
                    @Override
                    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                        return type.cast(of((CanonicalMessage) value));
                    }
                });
        context.getTypeConverterRegistry().addTypeConverter(Map.class, ConsentChange.class,
                new TypeConverterSupport() {
                    @Override
                    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                        return type.cast(of((ConsentChange) value));
                    }
                });
        context.getTypeConverterRegistry().addTypeConverter(Map.class, IdentityChange.class,
                new TypeConverterSupport() {
                    @Override
                    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                        return type.cast(of((IdentityChange) value));
                    }
                });
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
    }
}
