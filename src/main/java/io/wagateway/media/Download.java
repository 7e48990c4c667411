package io.wagateway.media;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A download under way: the body still to be read, what the server said it is and how long (-1: not said), and
 * the checksum the provider announced for it (null: none).
 */
public record Download(InputStream body, String contentType, long length, String announcedSha256)
        implements Closeable {

    public Download withAnnouncedSha256(String sha256) {
        return new Download(body, contentType, length, sha256 != null ? sha256 : announcedSha256);
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
