package io.wagateway.canonical;

import java.time.Instant;
import java.util.Objects;

/**
 * The provider's notice that a WhatsApp user's identity changed: a new phone number (which regenerates the
 * BSUID) or a new BSUID. The new identifiers join the conversation of the previous ones; the notice is stored
 * there as a {@code system} message and gets no reply. Every identifier may be null except that a notice names
 * at least one.
 *
 * @param providerMessageId the provider's id of the notice (redelivery stores it once)
 * @param text              the provider's words, e.g. "User Ana changed from BR.1 to BR.2"
 */
public record IdentityChange(
        Provider provider,
        String providerMessageId,
        String previousPhone,
        String previousUserId,
        String phone,
        String userId,
        String parentUserId,
        String text,
        Instant receivedAt) {

    public IdentityChange {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        text = text == null ? "" : text;
        receivedAt = receivedAt == null ? Instant.now() : receivedAt;
    }
}
