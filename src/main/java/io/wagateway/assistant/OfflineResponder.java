package io.wagateway.assistant;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Locale;

/**
 * The assistant without a network: deterministic answers, good enough to demo the whole flow
 * (a greeting, an echo of what was understood, how to reach a person) and to test it.
 */
public class OfflineResponder implements ChatModel {

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return ChatResponse.builder().aiMessage(AiMessage.from(answer(request.messages()))).build();
    }

    static String answer(List<ChatMessage> messages) {
        List<String> userTexts = messages.stream()
                .filter(UserMessage.class::isInstance)
                .map(message -> ((UserMessage) message).singleText())
                .toList();
        String last = userTexts.isEmpty() ? "" : userTexts.get(userTexts.size() - 1).trim();
        String lower = last.toLowerCase(Locale.ROOT);
        if (userTexts.size() <= 1 || lower.matches("(?s)^(hi|hello|hey|hola|olá|ola|oi)(?![\\p{L}\\p{N}]).*")) {
            return "Hello! I am the demo assistant of this WhatsApp gateway (offline mode). "
                    + "Ask me anything, or write \"agent\" to talk to a person.";
        }
        if (lower.contains("?")) {
            return "Good question: \"" + abbreviate(last) + "\". In offline mode I cannot look that up, "
                    + "but the team will see your question. Write \"agent\" to talk to a person.";
        }
        return "Thanks, I got your message: \"" + abbreviate(last) + "\" (" + userTexts.size()
                + " messages so far). Write \"agent\" to talk to a person.";
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
