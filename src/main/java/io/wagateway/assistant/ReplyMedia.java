package io.wagateway.assistant;

import java.util.Locale;
import java.util.UUID;

/**
 * One attachment of a message of the history ({@code kommo_messages/history.sql}, a row of {@code media}): what it
 * is, whether its file is stored yet, and what a voice note says once transcribed.
 *
 * @param status      pending, stored, failed or too_large ({@code media.status})
 * @param voice       the provider marked it a voice note (Meta's {@code voice})
 * @param imageMessage its message is an image message (Kommo's links come without a content type)
 * @param awaited     still pending, and younger than {@code MEDIA_WAIT_MS}: the reply waits for it
 */
public record ReplyMedia(UUID id, UUID messageId, String contentType, String filename, String status, String sha256,
                         Long size, String transcript, String transcriptError, boolean voice, boolean imageMessage,
                         boolean awaited) {

    public MediaKind kind() {
        return MediaKind.of(contentType, voice, imageMessage);
    }

    public boolean stored() {
        return "stored".equals(status) && sha256 != null;
    }

    /** Its content type without parameters ({@code audio/ogg; codecs=opus} is {@code audio/ogg}), lower case. */
    public String mimeType() {
        if (contentType == null) {
            return null;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    public boolean transcribed() {
        return transcript != null && !transcript.isBlank();
    }

    /** A stored voice note or audio that was neither transcribed nor given up on. */
    public boolean awaitsTranscription() {
        return kind().audio() && stored() && transcript == null && transcriptError == null;
    }

    /**
     * What the model reads for it: {@code [photo: image/jpeg]}, {@code [document: invoice.pdf]}, {@code [voice
     * message: audio/ogg, could not be transcribed]}, {@code [video: video/mp4, too large to download]}.
     */
    public String description() {
        String what = filename != null && !filename.isBlank() ? filename.trim()
                : contentType != null && !contentType.isBlank() ? mimeType() : "unknown type";
        return "[" + kind().label() + ": " + what + state() + "]";
    }

    private String state() {
        return switch (String.valueOf(status)) {
            case "pending" -> ", not downloaded yet";
            case "failed" -> ", could not be downloaded";
            case "too_large" -> ", too large to download";
            default -> kind().audio() && transcriptError != null ? ", could not be transcribed" : "";
        };
    }
}
