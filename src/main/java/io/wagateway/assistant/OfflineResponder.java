package io.wagateway.assistant;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The assistant without a network: deterministic answers, good enough to demo the whole flow
 * (a greeting, an echo of what was understood, what arrived when it was a photo, a voice message or a document,
 * how to reach a person) and to test it.
 */
public class OfflineResponder implements ChatModel {

    private static final String REACH_A_PERSON = "Write \"agent\" to talk to a person.";
    /**
     * A message that begins with an attachment as the prompt describes it ({@link ReplyMedia#description()},
     * {@link HistoryMessage#contentWithTranscripts}): its kind, what it is, and what follows (a caption, what a voice
     * message said).
     */
    private static final Pattern MEDIA = Pattern.compile(
            "(?s)^\\[(photo|sticker|voice message|audio|video|document|file|image)(?::\\s*([^\\]]*))?\\]\\s*(.*)$");

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return ChatResponse.builder().aiMessage(AiMessage.from(answer(request.messages()))).build();
    }

    static String answer(List<ChatMessage> messages) {
        List<String> userTexts = messages.stream()
                .filter(UserMessage.class::isInstance)
                .map(message -> textOf((UserMessage) message))
                .toList();
        String last = userTexts.isEmpty() ? "" : userTexts.get(userTexts.size() - 1).trim();
        Matcher media = MEDIA.matcher(last);
        if (media.matches()) {
            return aboutMedia(media.group(1), media.group(2), media.group(3).trim());
        }
        String lower = last.toLowerCase(Locale.ROOT);
        if (userTexts.size() <= 1 || lower.matches("(?s)^(hi|hello|hey|hola|olá|ola|oi)(?![\\p{L}\\p{N}]).*")) {
            return "Hello! I am the demo assistant of this WhatsApp gateway (offline mode). "
                    + "Ask me anything, or write \"agent\" to talk to a person.";
        }
        if (lower.contains("?")) {
            return "Good question: \"" + abbreviate(last) + "\". In offline mode I cannot look that up, "
                    + "but the team will see your question. " + REACH_A_PERSON;
        }
        return "Thanks, I got your message: \"" + abbreviate(last) + "\" (" + userTexts.size()
                + " messages so far). " + REACH_A_PERSON;
    }

    /** What arrived, named: "I received your photo…", "…your voice message…", "…your document invoice.pdf…". */
    private static String aboutMedia(String kind, String detail, String rest) {
        String what = "image".equals(kind) ? "photo" : kind;
        if (detail != null && detail.matches("(?s).*, (could not be downloaded|too large to download"
                + "|not downloaded yet)$")) {
            return "I received your " + what + ", but I could not open it. Could you send it again? " + REACH_A_PERSON;
        }
        if ("voice message".equals(kind) || "audio".equals(kind)) {
            if (detail == null && !rest.isEmpty()) {
                return "Thanks for your " + what + ". I understood: \"" + abbreviate(rest) + "\". In offline mode I "
                        + "cannot look that up, but the team will hear it. " + REACH_A_PERSON;
            }
            return "Thanks, I received your " + what + ". In offline mode I cannot listen to it, but the team will. "
                    + REACH_A_PERSON;
        }
        if ("document".equals(kind) || "file".equals(kind)) {
            String name = detail == null || detail.contains("/") ? "" : " " + detail;
            return "Thanks, I received your " + what + name + ". In offline mode I cannot read it, but the team will "
                    + "see it. " + REACH_A_PERSON;
        }
        String caption = rest.isEmpty() || rest.startsWith("[") ? "" : " (\"" + abbreviate(rest) + "\")";
        return "Thanks, I received your " + what + caption + ". In offline mode I cannot look at it, but the team "
                + "will see it. " + REACH_A_PERSON;
    }

    /** The text of a user message, also of one that carries images beside it. */
    private static String textOf(UserMessage message) {
        return message.contents().stream()
                .filter(TextContent.class::isInstance)
                .map(content -> ((TextContent) content).text())
                .collect(Collectors.joining(" "));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
