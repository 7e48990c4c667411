package io.wagateway.canonical;

import java.time.Instant;
import java.util.Objects;

/**
 * A WhatsApp user turned templates and proactive messages off or on in WhatsApp itself (Meta's
 * {@code user_preferences} webhook: marketing messages stopped or resumed). The conversation of that user
 * remembers it ({@code kommo_conversations.opted_out_at}); the notice is stored as a {@code system} message.
 *
 * @param providerMessageId made of the user, the preference and its time, so a redelivery stores nothing again
 */
public record ConsentChange(
        Provider provider,
        String providerMessageId,
        String phone,
        String userId,
        boolean optedOut,
        String text,
        Instant receivedAt) {

    public ConsentChange {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        if (phone == null && userId == null) {
            throw new IllegalArgumentException("a consent change names the user by phone or user id");
        }
        text = text == null ? "" : text;
        receivedAt = receivedAt == null ? Instant.now() : receivedAt;
    }
}
