package io.wagateway.assistant;

import java.util.Locale;

/** What an attachment is, as the assistant and the user call it: the words of its description. */
public enum MediaKind {
    PHOTO("photo"),
    STICKER("sticker"),
    VOICE_MESSAGE("voice message"),
    AUDIO("audio"),
    VIDEO("video"),
    DOCUMENT("document"),
    FILE("file");

    private final String label;

    MediaKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The kind of an attachment by its content type; without one (Kommo's links), a picture by its message's type,
     * else a file. A voice note is audio the provider marked as voice (Meta), or WhatsApp's Ogg/Opus recording.
     */
    static MediaKind of(String contentType, boolean voice, boolean imageMessage) {
        if (contentType == null || contentType.isBlank()) {
            return imageMessage ? PHOTO : voice ? VOICE_MESSAGE : FILE;
        }
        String type = contentType.toLowerCase(Locale.ROOT).trim();
        if (type.startsWith("image/")) {
            return type.startsWith("image/webp") ? STICKER : PHOTO;
        }
        if (type.startsWith("audio/")) {
            return voice || type.startsWith("audio/ogg") ? VOICE_MESSAGE : AUDIO;
        }
        if (type.startsWith("video/")) {
            return VIDEO;
        }
        return DOCUMENT;
    }

    public boolean audio() {
        return this == VOICE_MESSAGE || this == AUDIO;
    }

    public boolean image() {
        return this == PHOTO || this == STICKER;
    }
}
