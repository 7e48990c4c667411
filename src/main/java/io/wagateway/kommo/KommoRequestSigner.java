package io.wagateway.kommo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a Kommo Chats API request the way amojo checks it: {@code Content-MD5} is the lowercase hex MD5 of
 * the exact body bytes (of the empty string for a GET), and {@code X-Signature} the lowercase hex
 * HMAC-SHA1, keyed with the channel secret, of
 * {@code METHOD + "\n" + Content-MD5 + "\n" + Content-Type + "\n" + Date + "\n" + path} (path without
 * scheme, host or query). The header values signed are the ones to send, unchanged: the caller must send
 * exactly these bytes with exactly this {@code Content-Type} and {@code Date}.
 */
public final class KommoRequestSigner {

    public static final String CONTENT_TYPE = "application/json";
    /** RFC 2822 as in Kommo's examples and PHP's {@code DATE_RFC2822}: {@code Mon, 03 Oct 2020 15:11:21 +0000}. */
    static final DateTimeFormatter DATE_FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    public KommoRequestSigner(String channelSecret) {
        Objects.requireNonNull(channelSecret, "channelSecret");
        this.key = new SecretKeySpec(channelSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
    }

    /** The headers of one request: {@code Date}, {@code Content-Type}, {@code Content-MD5}, {@code X-Signature}. */
    public SignedHeaders sign(String method, String path, byte[] body, Instant date) {
        return sign(method, path, body, CONTENT_TYPE, DATE_FORMAT.format(date));
    }

    /** As {@link #sign(String, String, byte[], Instant)}, with the header values given as they will be sent. */
    public SignedHeaders sign(String method, String path, byte[] body, String contentType, String date) {
        String contentMd5 = md5Hex(body == null ? new byte[0] : body);
        String signed = String.join("\n", method.toUpperCase(Locale.ROOT), contentMd5, contentType, date, path);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            String signature = HEX.formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
            return new SignedHeaders(date, contentType, contentMd5, signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    public static String md5Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    /** The signed header values of one request. */
    public record SignedHeaders(String date, String contentType, String contentMd5, String signature) {

        /** As HTTP headers, in the order Kommo's documentation lists them. */
        public Map<String, String> asMap() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Date", date);
            headers.put("Content-Type", contentType);
            headers.put("Content-MD5", contentMd5);
            headers.put("X-Signature", signature);
            return headers;
        }
    }
}
