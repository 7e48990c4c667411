package io.wagateway.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.canonical.CanonicalMessage;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.TypeConverterSupport;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Lets the SQL component read a {@link CanonicalMessage} body as named parameters
 * ({@code :#phone}, {@code :#providerMessageId}, {@code :#metadata}...).
 */
@Component
public class SqlParameters implements CamelContextConfiguration {

    private final ObjectMapper json;

    public SqlParameters(ObjectMapper json) {
        this.json = json;
    }

    public Map<String, Object> of(CanonicalMessage message) {
        Map<String, Object> params = new HashMap<>();
        params.put("provider", message.provider().id());
        params.put("providerMessageId", message.providerMessageId());
        params.put("phone", message.phone());
        params.put("kommoChatId", message.kommoChatId());
        params.put("contactName", message.contactName());
        params.put("messageType", message.type().id());
        params.put("text", message.text());
        params.put("metadata", toJson(message.storedMetadata()));
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
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
    }
}
