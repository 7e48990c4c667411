package io.wagateway.assistant;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The chat sent to the model: the system prompt, then the conversation's recent messages in order, a message with
 * media as what arrived ({@link HistoryMessage#text()}). With {@code AI_VISION=true} the images of the messages the
 * reply answers go with them as image content (at most {@value #MAX_IMAGES}); older ones stay words.
 */
@Component("assistantPrompt")
public class AssistantPrompt {

    static final int MAX_IMAGES = 5;

    private final AssistantProperties properties;

    public AssistantPrompt(AssistantProperties properties) {
        this.properties = properties;
    }

    public List<ChatMessage> build(List<HistoryMessage> history) {
        return build(history, media -> null);
    }

    /** The chat, {@code images} giving the image content of a stored image ({@code null}: it is described). */
    public List<ChatMessage> build(List<HistoryMessage> history, Function<ReplyMedia, ImageContent> images) {
        List<ChatMessage> messages = new ArrayList<>(history.size() + 1);
        messages.add(SystemMessage.from(properties.systemPrompt()));
        int answered = properties.vision() ? HistoryMessage.answeredFrom(history) : history.size();
        int shown = 0;
        for (int i = 0; i < history.size(); i++) {
            HistoryMessage message = history.get(i);
            String text = message.text();
            boolean hasText = text != null && !text.isBlank(); // the model API refuses empty messages
            List<ImageContent> attached = i >= answered && message.fromUser()
                    ? imagesOf(message, images, MAX_IMAGES - shown) : List.of();
            shown += attached.size();
            if (!message.fromUser()) {
                if (hasText) {
                    messages.add(AiMessage.from(text));
                }
            } else if (!attached.isEmpty()) {
                List<Content> contents = new ArrayList<>();
                if (hasText) {
                    contents.add(TextContent.from(text));
                }
                contents.addAll(attached);
                messages.add(UserMessage.from(contents));
            } else if (hasText) {
                messages.add(UserMessage.from(text));
            }
        }
        return messages;
    }

    private static List<ImageContent> imagesOf(HistoryMessage message, Function<ReplyMedia, ImageContent> images,
                                               int max) {
        return message.media().stream()
                .filter(media -> media.kind().image() && media.stored())
                .map(images)
                .filter(Objects::nonNull)
                .limit(Math.max(0, max))
                .toList();
    }
}
