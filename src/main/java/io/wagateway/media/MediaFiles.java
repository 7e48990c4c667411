package io.wagateway.media;

import io.wagateway.http.RefusedRequest;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * Answers a stored media file, for {@code GET /api/media/{id}} and the signed links of {@link MediaLinks}: the
 * bytes streamed from the {@link MediaStore} with their {@code Content-Type} and {@code Content-Length}, and a
 * {@code Content-Disposition} naming the file ({@code inline} for images, audio and video, {@code attachment} for
 * anything else, so that a browser never renders an uploaded page as the gateway's own). The row is the one of
 * {@code sql/media/find-by-id.sql}: an unknown id is {@code 404}, one that is not stored (pending, failed,
 * too large) {@code 409} naming its status.
 */
@Component("mediaFiles")
public class MediaFiles {

    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final MediaStore store;

    public MediaFiles(MediaStore store) {
        this.store = store;
    }

    /** {@code 404} unknown, {@code 409} not stored: the media row of {@code find-by-id.sql} must be a stored one. */
    public static void requireStored(Map<?, ?> row, Object id) {
        if (row == null) {
            throw new RefusedRequest(404, "media not found", "no media with id " + id);
        }
        if (!"stored".equals(row.get("status"))) {
            Object reason = row.get("failureReason");
            throw new RefusedRequest(409, "media not stored", "media " + id + " is " + row.get("status")
                    + (reason == null ? "" : " (" + reason + ")") + "; only a stored media item can be read or sent");
        }
    }

    /** Replaces the message with the file of the row {@code row} of media {@code id}, when it is stored. */
    public void answer(Exchange exchange, Map<?, ?> row, Object id) throws IOException {
        requireStored(row, id);
        InputStream content;
        try {
            content = store.open((String) row.get("sha256"));
        } catch (FileNotFoundException e) {
            throw new RefusedRequest(404, "media file missing", "the file of media " + row.get("id")
                    + " is not in the media store");
        }
        String contentType = row.get("contentType") == null ? DEFAULT_CONTENT_TYPE : (String) row.get("contentType");
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        declareLength(exchange, ((Number) row.get("size")).longValue());
        message.setHeader("Content-Disposition", disposition(contentType, (String) row.get("filename")));
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setBody(content);
    }

    /**
     * Camel streams a body of unknown length in chunks and drops a {@code Content-Length} header; the length set on
     * the servlet response itself is kept, and the file is still streamed, not buffered. Elsewhere (no servlet
     * response), Camel is told to buffer it and count.
     */
    private static void declareLength(Exchange exchange, long size) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getResponse() != null) {
            http.getResponse().setContentLengthLong(size);
        } else {
            exchange.getMessage().setHeader(Exchange.HTTP_CHUNKED, false);
        }
    }

    /** {@code inline} for what players show, else {@code attachment}; the name in ASCII and in UTF-8 (RFC 6266). */
    static String disposition(String contentType, String filename) {
        String type = contentType.toLowerCase(Locale.ROOT);
        boolean shown = type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/");
        String disposition = shown ? "inline" : "attachment";
        if (filename == null || filename.isBlank()) {
            return disposition;
        }
        String ascii = filename.replaceAll("[^\\x20-\\x7E]", "_").replace("\\", "_").replace("\"", "_");
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return disposition + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
