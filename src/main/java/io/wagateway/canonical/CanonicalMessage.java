package io.wagateway.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One inbound message, whatever provider it came from (the contract's canonical message). After a
 * provider's inbound route nothing depends on the provider but the sender chosen by {@link #provider()}.
 *
 * @param phone      the user's phone in E.164 ({@code +5511999990042}); null for a WhatsApp user known only by
 *                   their BSUID, and for a Kommo chat without one
 * @param userId     the user's WhatsApp business-scoped user id ({@link WhatsAppUserId}), null when not sent
 * @param username   the user's WhatsApp username, display text only (never a key), null when none
 * @param parentUserId the parent BSUID of a managed business portfolio ({@code US.ENT.…}), null when none
 * @param text       never null: the text the user wrote, a caption, or a description of what arrived
 * @param metadata   provider details worth keeping (button payloads, quoted message ids...); never null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanonicalMessage(
        Provider provider,
        String providerMessageId,
        String phone,
        String userId,
        String username,
        String parentUserId,
        String kommoChatId,
        String contactName,
        MessageType type,
        String text,
        Media media,
        Location location,
        Instant receivedAt,
        Map<String, Object> metadata) {

    public CanonicalMessage {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(type, "type");
        text = text == null ? "" : text;
        receivedAt = receivedAt == null ? Instant.now() : receivedAt;
        metadata = withoutNullValues(metadata);
    }

    /** A metadata key without a value says nothing; dropping it keeps a stray null from failing the webhook. */
    private static Map<String, Object> withoutNullValues(Map<String, Object> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (key != null && value != null) {
                kept.put(key, value);
            }
        });
        return Collections.unmodifiableMap(kept);
    }

    /** A media attachment: where it can be fetched and what it is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Media(String url, String contentType, String id, String caption, String filename) {
    }

    /** A shared location. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(double latitude, double longitude, String name, String address) {
    }

    public CanonicalMessage withText(String newText) {
        return new CanonicalMessage(provider, providerMessageId, phone, userId, username, parentUserId, kommoChatId,
                contactName, type, newText, media, location, receivedAt, metadata);
    }

    public CanonicalMessage withMetadata(String key, Object value) {
        Map<String, Object> merged = new LinkedHashMap<>(metadata);
        merged.put(key, value);
        return new CanonicalMessage(provider, providerMessageId, phone, userId, username, parentUserId, kommoChatId,
                contactName, type, text, media, location, receivedAt, merged);
    }

    /**
     * Every attachment, the first one first: {@link #media()} and, from Twilio, the others it sent with it
     * ({@code additionalMedia} in the metadata).
     */
    public List<Media> attachments() {
        if (media == null) {
            return List.of();
        }
        List<Media> all = new ArrayList<>();
        all.add(media);
        if (metadata.get("additionalMedia") instanceof List<?> more) {
            more.stream().filter(Media.class::isInstance).map(Media.class::cast).forEach(all::add);
        }
        return all;
    }

    /** What is stored in {@code kommo_messages.metadata}: the media, the location and the provider details. */
    public Map<String, Object> storedMetadata() {
        Map<String, Object> stored = new LinkedHashMap<>(metadata);
        if (media != null) {
            stored.put("media", media);
        }
        if (location != null) {
            stored.put("location", location);
        }
        return stored;
    }
}
