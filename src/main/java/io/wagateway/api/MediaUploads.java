package io.wagateway.api;

import io.wagateway.media.MediaFiles;
import io.wagateway.media.MediaProperties;
import io.wagateway.media.MediaStore;
import io.wagateway.media.MediaTooLargeException;
import io.wagateway.media.StoredFile;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/media}: the part {@code file} of a {@code multipart/form-data} body goes straight into the
 * {@link MediaStore} as it arrives ({@link MultipartReader}), bounded by {@code MEDIA_MAX_BYTES}; its content type is
 * the part's ({@code application/octet-stream} when it has none), its file name the part's {@code filename} without
 * any folder. Other parts are read past and ignored. {@link ApiContentTypeFilter} hands the body over untouched
 * ({@link #ATTRIBUTE}). Refused ({@code 413} over the limit, {@code 400} no or an empty part {@code file}, a body that
 * is not multipart): the media store keeps nothing of it (its partial file is deleted), and no row is written.
 */
@Component("mediaUploads")
public class MediaUploads {

    /** The request attribute of the upload's body: an {@link Upload}. */
    public static final String ATTRIBUTE = MediaUploads.class.getName() + ".upload";
    static final String FIELD = "file";
    /** What a multipart body may carry besides the file: its delimiters and part headers. */
    static final long ENVELOPE_BYTES = 64 * 1024;
    static final int MAX_FILENAME = 255;
    private static final Pattern BOUNDARY = Pattern.compile("(?i)(?:^|;)\\s*boundary\\s*=\\s*(?:\"([^\"]{1,70})\"|"
            + "([^;\\s]{1,70}))");
    private static final Pattern PARAMETER = Pattern.compile("(?i)(?:^|;)\\s*([a-z*]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|"
            + "\\\\.)*)\"|([^;\\s]*))");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/"
            + "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    /** The body of an upload as the filter found it: the raw stream, its declared type and length (-1: none). */
    public record Upload(InputStream body, String contentType, long contentLength) {
    }

    private final MediaStore store;
    private final long maxBytes;

    public MediaUploads(MediaStore store, MediaProperties properties) {
        this.store = store;
        this.maxBytes = properties.maxBytes();
    }

    /** Stores the file; the parameters of {@code media/insert-upload.sql}: contentType, filename, sha256, size. */
    public Map<String, Object> store(Exchange exchange) throws IOException {
        HttpServletRequest request = exchange.getMessage().getHeader(Exchange.HTTP_SERVLET_REQUEST,
                HttpServletRequest.class);
        Upload upload = request == null ? null : (Upload) request.getAttribute(ATTRIBUTE);
        if (upload == null) {
            throw unsupported();
        }
        if (upload.contentLength() > maxBytes + ENVELOPE_BYTES) {
            throw tooLarge();
        }
        String boundary = boundary(upload.contentType());
        MultipartReader reader = new MultipartReader(upload.body(), boundary);
        try {
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                Map<String, String> disposition = parameters(part.headers().get("content-disposition"));
                if (FIELD.equals(disposition.get("name"))) {
                    return stored(part, disposition);
                }
            }
        } catch (MultipartReader.Malformed e) {
            throw new ApiException(400, "invalid multipart body", e.getMessage());
        }
        throw ApiException.invalidField(FIELD, "the form has no part named file; send the file as the part file "
                + "(curl -F file=@photo.jpg)");
    }

    private Map<String, Object> stored(MultipartReader.Part part, Map<String, String> disposition) throws IOException {
        String contentType = contentType(part.headers().get("content-type"));
        String filename = filename(disposition);
        PushbackInputStream content = new PushbackInputStream(part.content(), 1);
        int first = content.read();
        if (first < 0) {
            throw ApiException.invalidField(FIELD, "the file is empty");
        }
        content.unread(first);
        StoredFile stored;
        try {
            stored = store.put(content, maxBytes);
        } catch (MediaTooLargeException e) {
            throw tooLarge();
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("contentType", contentType);
        parameters.put("filename", filename);
        parameters.put("sha256", stored.sha256());
        parameters.put("size", stored.size());
        return parameters;
    }

    private ApiException tooLarge() {
        return new ApiException(413, "file too large", "a media file may have at most " + maxBytes
                + " bytes (MEDIA_MAX_BYTES)");
    }

    static ApiException unsupported() {
        return new ApiException(415, "unsupported media type", "send the file as multipart/form-data, in the part "
                + "file (curl -F file=@photo.jpg)");
    }

    private static String boundary(String contentType) {
        Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!boundary.find()) {
            throw new ApiException(400, "invalid multipart body", "the Content-Type has no boundary");
        }
        return boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
    }

    /** The part's type without its parameters, in lower case; {@code application/octet-stream} when it has none. */
    static String contentType(String header) {
        if (header == null || header.isBlank()) {
            return MediaFiles.DEFAULT_CONTENT_TYPE;
        }
        String type = header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!CONTENT_TYPE.matcher(type).matches()) {
            throw ApiException.invalidField(FIELD, "the part file has an invalid Content-Type");
        }
        return type;
    }

    /** {@code filename*} (RFC 5987) before {@code filename}; the last path segment, without control characters. */
    static String filename(Map<String, String> disposition) {
        String name = disposition.get("filename");
        String extended = disposition.get("filename*");
        if (extended != null && extended.toLowerCase(Locale.ROOT).startsWith("utf-8''")) {
            name = URLDecoder.decode(extended.substring(7).replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        if (name == null) {
            return null;
        }
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty()) {
            return null;
        }
        return name.length() <= MAX_FILENAME ? name : name.substring(0, MAX_FILENAME);
    }

    /** The parameters of a {@code Content-Disposition} header (names in lower case, quotes removed). */
    static Map<String, String> parameters(String header) {
        Map<String, String> parameters = new HashMap<>();
        if (header == null) {
            return parameters;
        }
        Matcher parameter = PARAMETER.matcher(header);
        while (parameter.find()) {
            // only an escaped quote: browsers send a Windows path's backslashes as they are
            String value = parameter.group(2) != null ? parameter.group(2).replace("\\\"", "\"")
                    : parameter.group(3);
            parameters.putIfAbsent(parameter.group(1).toLowerCase(Locale.ROOT), value);
        }
        return parameters;
    }
}
