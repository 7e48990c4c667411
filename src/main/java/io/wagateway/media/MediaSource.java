package io.wagateway.media;

import java.io.IOException;

/**
 * How one provider's files are fetched: Twilio's with HTTP Basic, Meta's through the Graph API's media lookup and
 * a bearer download, Kommo's from their link. Each provider package has one; the download worker picks it by
 * {@link #origin()}.
 */
public interface MediaSource {

    /** The provider id the media rows carry in {@code origin}. */
    String origin();

    /**
     * Starts the download of the claimed item. A failure that may pass (a 5xx, a timeout) is a retryable
     * {@link MediaFetchException}; one that will not (a 404, a refused credential) a final one.
     */
    Download open(MediaItem item) throws IOException;
}
