package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;

import io.wagateway.webhook.RawBody;
import io.wagateway.webhook.WebhookException;
import jakarta.annotation.PostConstruct;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Hub-Signature-256: sha256=<hex>}: the HMAC-SHA256 of the raw request body with the app
 * secret, compared in constant time. Runs before any parsing and leaves the raw bytes as the body.
 */
@Component("metaSignatureVerifier")
public class MetaSignatureVerifier {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Logger LOG = LoggerFactory.getLogger(MetaSignatureVerifier.class);

    private final SecretKeySpec key;

    public MetaSignatureVerifier(MetaProperties properties) {
        this.key = properties.checksSignatures()
                ? new SecretKeySpec(properties.appSecret().getBytes(StandardCharsets.UTF_8), ALGORITHM)
                : null;
    }

    @PostConstruct
    void warnWhenUnchecked() {
        if (key == null) {
            LOG.warn("META_APP_SECRET is not set: X-Hub-Signature-256 is NOT checked on /webhooks/meta");
        }
    }

    @Handler
    public byte[] verify(Exchange exchange) {
        byte[] body = RawBody.of(exchange);
        if (key != null) {
            verify(body, exchange.getIn().getHeader(SIGNATURE_HEADER, String.class));
        }
        return body;
    }

    /** Throws a {@code 403} unless {@code header} is the signature of {@code body}. */
    void verify(byte[] body, String header) {
        if (isBlank(header)) {
            throw WebhookException.forbidden(SIGNATURE_HEADER + " header missing");
        }
        String value = header.trim();
        if (!value.startsWith(PREFIX)) {
            throw WebhookException.forbidden(SIGNATURE_HEADER + " must start with " + PREFIX);
        }
        byte[] received;
        try {
            received = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw WebhookException.forbidden(SIGNATURE_HEADER + " is not hexadecimal");
        }
        if (!MessageDigest.isEqual(hmac(key, body), received)) {
            throw WebhookException.forbidden(SIGNATURE_HEADER + " does not match the body");
        }
    }

    /** The header value Meta sends for {@code body} signed with {@code appSecret}. */
    public static String sign(byte[] body, String appSecret) {
        return PREFIX + HexFormat.of().formatHex(
                hmac(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM), body));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
