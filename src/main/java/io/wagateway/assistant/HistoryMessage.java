package io.wagateway.assistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One message of the conversation the model sees ({@code kommo_messages/history.sql}): who wrote it, what, and the
 * media it carried.
 *
 * @param content         the message's text: what the user wrote (a caption), a description of what arrived
 *                        ({@code [image: image/jpeg]}), or, once transcribed, what a voice note said
 * @param originalContent the text before any transcript replaced it
 * @param media           its attachments, in order; empty for most messages
 */
public record HistoryMessage(UUID id, String role, String content, String originalContent, List<ReplyMedia> media) {

    /** A text the gateway wrote for an attachment without a caption ({@code [image: image/jpeg]}, {@code [file]}). */
    private static final Pattern DESCRIPTION_ONLY = Pattern.compile("\\[[^\\[\\]]*\\]");
    private static final TypeReference<List<ReplyMedia>> MEDIA_LIST = new TypeReference<>() {
    };

    public HistoryMessage {
        media = media == null ? List.of() : List.copyOf(media);
        originalContent = originalContent == null ? content : originalContent;
    }

    /** A message without media. */
    public HistoryMessage(String role, String content) {
        this(null, role, content, content, List.of());
    }

    /** The rows history.sql returned, oldest first; their media come as a JSON array. */
    static List<HistoryMessage> fromRows(List<Map<String, Object>> rows, ObjectMapper json) {
        return rows.stream().map(row -> new HistoryMessage((UUID) row.get("id"), (String) row.get("role"),
                (String) row.get("content"), (String) row.get("originalContent"),
                media((String) row.get("media"), json))).toList();
    }

    private static List<ReplyMedia> media(String array, ObjectMapper json) {
        if (array == null) {
            return List.of();
        }
        try {
            return json.readValue(array, MEDIA_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("history.sql returned media that are not a JSON array of media", e);
        }
    }

    public boolean fromUser() {
        return "user".equals(role);
    }

    /**
     * What the model reads: the content, and for a message with media first what each attachment is (but voice notes
     * already transcribed into the content), then what the user wrote with them, if anything.
     */
    public String text() {
        if (media.isEmpty()) {
            return content;
        }
        List<String> parts = new ArrayList<>();
        media.stream().filter(item -> !item.transcribed()).map(ReplyMedia::description).forEach(parts::add);
        String written = writtenText(content);
        if (written != null) {
            parts.add(written);
        }
        return String.join(" ", parts);
    }

    /**
     * The content once the voice notes whose {@code transcripts} are known say what was said: a line
     * {@code [voice message] <transcript>} for each, then what the user wrote with them, if anything.
     */
    public String contentWithTranscripts(Map<UUID, String> transcripts) {
        List<String> lines = new ArrayList<>();
        for (ReplyMedia item : media) {
            String transcript = transcripts.getOrDefault(item.id(), item.transcript());
            if (item.kind().audio() && transcript != null && !transcript.isBlank()) {
                lines.add("[" + item.kind().label() + "] " + transcript.trim());
            }
        }
        String written = writtenText(originalContent);
        if (written != null) {
            lines.add(written);
        }
        return lines.isEmpty() ? content : String.join("\n", lines);
    }

    /** What the user wrote beside the media: {@code null} when the text only describes them. */
    private static String writtenText(String text) {
        String trimmed = text == null ? "" : text.trim();
        return trimmed.isEmpty() || DESCRIPTION_ONLY.matcher(trimmed).matches() ? null : trimmed;
    }

    /**
     * Where the messages the reply answers begin: the newest user message and the ones the user wrote right before
     * it (a burst answered by one reply), back to the previous message of someone else. {@code history.size()} when
     * the user wrote none.
     */
    static int answeredFrom(List<HistoryMessage> history) {
        int newest = history.size() - 1;
        while (newest >= 0 && !history.get(newest).fromUser()) {
            newest--;
        }
        if (newest < 0) {
            return history.size();
        }
        int first = newest;
        while (first > 0 && history.get(first - 1).fromUser()) {
            first--;
        }
        return first;
    }
}
