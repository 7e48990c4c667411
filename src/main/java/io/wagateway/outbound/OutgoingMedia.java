package io.wagateway.outbound;

import io.wagateway.media.MediaLinks;
import java.util.Locale;
import java.util.UUID;

/**
 * The media of a claimed outgoing message ({@code metadata.media}, resolved by {@code claim-outgoing.sql} at the
 * moment it is sent): a stored media item ({@link #mediaId}, with its file's {@link #sha256} and {@link #size} when it
 * is still stored) or a URL the provider fetches itself.
 *
 * @param contentType the file's type; {@code null} for a URL whose type the gateway does not know
 * @param caption     shown with the media; {@code null} for none
 */
public record OutgoingMedia(UUID mediaId, String url, String contentType, String filename, String caption,
                            String sha256, Long size) {

    public static final String IMAGE = "image";
    public static final String AUDIO = "audio";
    public static final String VIDEO = "video";
    public static final String DOCUMENT = "document";

    /** A stored item (else a URL). */
    public boolean stored() {
        return mediaId != null;
    }

    /** A stored item whose file is there to send (a URL always is). */
    public boolean available() {
        return !stored() || sha256 != null;
    }

    /**
     * Where a provider that fetches media itself finds it: the URL, or a signed link to the stored item.
     *
     * @throws MediaUnavailableException the item is no longer stored, or there are no links ({@code PUBLIC_BASE_URL})
     */
    public String publicUrl(MediaLinks links) {
        if (!stored()) {
            return url;
        }
        if (!available()) {
            throw new MediaUnavailableException("media " + mediaId + " is no longer stored");
        }
        if (!links.canLink()) {
            throw new MediaUnavailableException("PUBLIC_BASE_URL is not set: no link to media " + mediaId);
        }
        return links.signedUrl(mediaId);
    }

    /** image, audio, video or document (anything else, and a URL of unknown type: the provider decides). */
    public String kind() {
        return kindOf(contentType);
    }

    static String kindOf(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return IMAGE;
        }
        if (type.startsWith("audio/")) {
            return AUDIO;
        }
        if (type.startsWith("video/")) {
            return VIDEO;
        }
        return DOCUMENT;
    }
}
