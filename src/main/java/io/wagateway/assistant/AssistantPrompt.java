package io.wagateway.assistant;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The chat sent to the model: the system prompt, then the conversation's recent messages in order. */
@Component("assistantPrompt")
public class AssistantPrompt {

    private final AssistantProperties properties;

    public AssistantPrompt(AssistantProperties properties) {
        this.properties = properties;
    }

    public List<ChatMessage> build(List<HistoryMessage> history) {
        List<ChatMessage> messages = new ArrayList<>(history.size() + 1);
        messages.add(SystemMessage.from(properties.systemPrompt()));
        for (HistoryMessage message : history) {
            String content = message.content();
            if (content == null || content.isBlank()) {
                continue; // the model API refuses empty messages
            }
            messages.add(message.fromUser() ? UserMessage.from(content) : AiMessage.from(content));
        }
        return messages;
    }
}
