package io.wagateway.meta;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.apache.camel.component.whatsapp.model.BaseMessage;

/**
 * Marks the user's message read and shows "typing..." until the reply arrives (or 25 seconds pass), in one Graph
 * API call: {@code {"messaging_product": "whatsapp", "status": "read", "message_id": "<wamid>",
 * "typing_indicator": {"type": "text"}}}.
 */
final class MetaReadWithTyping extends BaseMessage implements MetaWhatsAppService.OwnRequest {

    @JsonProperty("status")
    private final String status = "read";
    @JsonProperty("message_id")
    private final String messageId;
    @JsonProperty("typing_indicator")
    private final Map<String, String> typingIndicator = Map.of("type", "text");

    MetaReadWithTyping(String messageId) {
        this.messageId = messageId;
        setMessagingProduct("whatsapp");
        setRecipientType(null);
        setType(null);
    }

    public String getStatus() {
        return status;
    }

    public String getMessageId() {
        return messageId;
    }

    public Map<String, String> getTypingIndicator() {
        return typingIndicator;
    }
}
