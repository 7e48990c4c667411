package io.wagateway.assistant;

import io.wagateway.operations.Correlation;
import io.wagateway.sql.SqlParameters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The metadata of an outgoing message of the reply pipeline: its author, why it was written,
 * {@code inReplyTo}, the user message it answers (the send worker logs with it as correlation id), and
 * for a holding message after the model failed, {@code aiError}: why.
 */
@Component
class ReplyMetadata {

    private final SqlParameters json;

    ReplyMetadata(SqlParameters json) {
        this.json = json;
    }

    /** Of the assistant's reply. */
    String ofReply(Exchange exchange) {
        return of(exchange, "assistant", null);
    }

    /** Of the holding message that tells the user a person takes over. */
    String ofEscalation(Exchange exchange) {
        return of(exchange, "system", "escalation");
    }

    private String of(Exchange exchange, String author, String reason) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("author", author);
        if (reason != null) {
            metadata.put("reason", reason);
        }
        String inReplyTo = Correlation.of(exchange);
        if (inReplyTo != null) {
            metadata.put("inReplyTo", inReplyTo);
        }
        String aiError = exchange.getVariable(ReplyVariables.AI_ERROR, String.class);
        if (aiError != null) {
            metadata.put("aiError", aiError);
        }
        return json.toJson(metadata);
    }
}
