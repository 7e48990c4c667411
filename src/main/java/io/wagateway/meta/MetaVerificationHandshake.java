package io.wagateway.meta;

import io.wagateway.webhook.WebhookException;
import jakarta.annotation.PostConstruct;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Handler;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Meta's webhook verification: {@code GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...}
 * is answered with the challenge when the token is {@code META_VERIFY_TOKEN}; anything else, or no token
 * configured, is refused with {@code 403}.
 */
@Component("metaVerificationHandshake")
public class MetaVerificationHandshake {

    private static final Logger LOG = LoggerFactory.getLogger(MetaVerificationHandshake.class);

    private final byte[] verifyToken;

    public MetaVerificationHandshake(MetaProperties properties) {
        this.verifyToken = properties.answersVerification()
                ? properties.verifyToken().getBytes(StandardCharsets.UTF_8)
                : null;
    }

    @PostConstruct
    void warnWhenRefused() {
        if (verifyToken == null) {
            LOG.warn("META_VERIFY_TOKEN is not set: the webhook verification handshake on /webhooks/meta is refused");
        }
    }

    /** The challenge to answer, or a {@code 403}. */
    @Handler
    public String challenge(@Header("hub.mode") String mode, @Header("hub.verify_token") String token,
                            @Header("hub.challenge") String challenge) {
        if (verifyToken == null) {
            throw refused("META_VERIFY_TOKEN is not configured");
        }
        if (!"subscribe".equals(mode)) {
            throw refused("hub.mode must be subscribe");
        }
        if (token == null || !MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8))) {
            throw refused("hub.verify_token does not match");
        }
        if (challenge == null || challenge.isEmpty()) {
            throw WebhookException.badRequest("missing parameter hub.challenge",
                    "Meta's verification request always carries hub.challenge");
        }
        LOG.info("Meta webhook verification accepted");
        return challenge;
    }

    private static WebhookException refused(String detail) {
        return new WebhookException(403, "verification refused", detail);
    }
}
