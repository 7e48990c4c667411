package io.wagateway.outbound;

/**
 * The media of an outgoing message cannot be sent: its stored item is no longer stored, or a provider that fetches
 * media has no public link to it ({@code PUBLIC_BASE_URL} unset). Final, as {@code media_unavailable}
 * ({@link ProviderErrors#judge}): trying again changes nothing.
 */
public class MediaUnavailableException extends RuntimeException {

    public static final String CODE = "media_unavailable";

    public MediaUnavailableException(String message) {
        super(message);
    }
}
