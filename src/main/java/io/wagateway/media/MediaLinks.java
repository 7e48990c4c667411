package io.wagateway.media;

import io.wagateway.security.ApiToken;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Signed, expiring links to a stored media file, for the providers that fetch what they send themselves (Twilio's
 * {@code MediaUrl}, Kommo's {@code media}): {@code PUBLIC_BASE_URL/media/{id}?expires=<epoch seconds>&signature=<s>},
 * where {@code s} is the HMAC-SHA256 of {@code "<id>\n<expires>"} (base64url, no padding) with a key derived from
 * the API token ({@link ApiToken#derivedKey}), so a new token revokes every link. Valid until {@code expires},
 * {@code MEDIA_LINK_TTL_SECONDS} (default a day) after the send attempt that made it. Without
 * {@code PUBLIC_BASE_URL} there are no links: nobody outside could reach them.
 */
@Component
public class MediaLinks {

    public static final String PATH = "/media/";
    static final String KEY_PURPOSE = "wa-gateway media links v1";
    static final long DEFAULT_TTL_SECONDS = 24 * 60 * 60;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** What a presented link is. */
    public enum Verdict { VALID, EXPIRED, INVALID }

    private final SecretKeySpec key;
    private final String publicBaseUrl;
    private final Duration ttl;
    private final Clock clock;

    @Autowired
    public MediaLinks(ApiToken token, @Value("${gateway.public-base-url:}") String publicBaseUrl,
                      @Value("${gateway.media.link-ttl-seconds:}") String ttlSeconds) {
        this(token.derivedKey(KEY_PURPOSE), publicBaseUrl, Duration.ofSeconds(StringUtils.hasText(ttlSeconds)
                ? Long.parseLong(ttlSeconds.strip()) : DEFAULT_TTL_SECONDS), Clock.systemUTC());
    }

    MediaLinks(byte[] key, String publicBaseUrl, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("MEDIA_LINK_TTL_SECONDS must be at least 1, got " + ttl.toSeconds());
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.publicBaseUrl = StringUtils.hasText(publicBaseUrl) ? publicBaseUrl.strip().replaceAll("/+$", "") : null;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Whether links can be made: {@code PUBLIC_BASE_URL} is set. */
    public boolean canLink() {
        return publicBaseUrl != null;
    }

    /** A link to the stored media item, valid for the TTL from now. */
    public String signedUrl(UUID mediaId) {
        if (!canLink()) {
            throw new IllegalStateException("PUBLIC_BASE_URL is not set: a stored media item has no public link");
        }
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return publicBaseUrl + PATH + mediaId + "?expires=" + expires + "&signature=" + signature(mediaId, expires);
    }

    /** Whether the parameters of a request for {@code /media/{id}} are a valid, unexpired link. */
    public Verdict check(String mediaId, String expires, String signature) {
        UUID id;
        long expiresAt;
        try {
            id = UUID.fromString(mediaId);
            expiresAt = Long.parseLong(expires);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Verdict.INVALID;
        }
        if (signature == null || !id.toString().equalsIgnoreCase(mediaId)) {
            return Verdict.INVALID;
        }
        byte[] expected = signature(id, expiresAt).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        return clock.instant().getEpochSecond() > expiresAt ? Verdict.EXPIRED : Verdict.VALID;
    }

    String signature(UUID mediaId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return BASE64URL.encodeToString(mac.doFinal((mediaId + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
