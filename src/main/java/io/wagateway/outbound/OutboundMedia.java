package io.wagateway.outbound;

import io.wagateway.canonical.Provider;
import io.wagateway.http.RefusedRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a provider accepts as media, checked when a message with media is enqueued ({@link OutboundEnqueueRoutes}):
 * the content types of Meta's "Supported media types" and of Twilio's "Accepted content types for media" for
 * WhatsApp (Kommo takes any file), and how long a caption may be. A URL whose type the gateway cannot tell from its
 * name is not refused: the provider decides.
 */
final class OutboundMedia {

    private static final Set<String> META = Set.of(
            "image/jpeg", "image/png",
            "audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg",
            "video/mp4", "video/3gpp",
            "text/plain", "application/pdf", "application/msword", "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    private static final Set<String> TWILIO = Set.of(
            "image/jpeg", "image/jpg", "image/png",
            "audio/ogg", "audio/amr", "audio/3gpp", "audio/aac", "audio/mpeg",
            "video/mp4",
            "application/pdf", "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    /** Meta's caption of an image, video or document. */
    static final int META_CAPTION_LIMIT = 1024;
    /** The extensions of a URL's name the types above are told by. */
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("webp", "image/webp"), Map.entry("gif", "image/gif"),
            Map.entry("aac", "audio/aac"), Map.entry("amr", "audio/amr"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("m4a", "audio/mp4"), Map.entry("ogg", "audio/ogg"), Map.entry("opus", "audio/ogg"),
            Map.entry("mp4", "video/mp4"), Map.entry("3gp", "video/3gpp"),
            Map.entry("txt", "text/plain"), Map.entry("pdf", "application/pdf"),
            Map.entry("doc", "application/msword"), Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"));

    private OutboundMedia() {
    }

    /** The type a file name's extension says, or {@code null}. */
    static String typeOfName(String name) {
        if (name == null) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : EXTENSIONS.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** {@code 400} for a type the provider does not take (a {@code null} type is the provider's to judge). */
    static void checkType(Provider provider, String contentType) {
        Set<String> accepted = switch (provider) {
            case META -> META;
            case TWILIO -> TWILIO;
            case KOMMO -> null;
        };
        if (contentType != null && accepted != null && !accepted.contains(contentType)) {
            throw new RefusedRequest(400, "unsupported media type for " + provider.id(), provider.id()
                    + " does not accept " + contentType + " on WhatsApp; it takes " + String.join(", ",
                    new TreeSet<>(accepted)));
        }
    }

    /** {@code 400} for a caption longer than the provider shows (Twilio's body, Meta's caption). */
    static void checkCaption(Provider provider, String caption, String contentType) {
        if (caption == null) {
            return;
        }
        if (provider == Provider.META && OutgoingMedia.AUDIO.equals(OutgoingMedia.kindOf(contentType))) {
            throw new RefusedRequest(400, "invalid field caption", "meta sends audio without a caption");
        }
        int limit = provider == Provider.META ? META_CAPTION_LIMIT : MessageSplitter.limitOf(provider);
        if (caption.length() > limit) {
            throw new RefusedRequest(400, "invalid field caption", "caption must be at most " + limit
                    + " characters for " + provider.id() + " (it has " + caption.length() + ")");
        }
    }
}
