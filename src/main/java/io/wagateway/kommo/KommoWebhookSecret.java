package io.wagateway.kommo;

import io.wagateway.webhook.WebhookException;
import jakarta.annotation.PostConstruct;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Kommo does not sign its account webhooks, so the webhook URL carries a secret:
 * {@code /webhooks/kommo?secret=KOMMO_WEBHOOK_SECRET}. Compared in constant time; read from the request's
 * query string only (never from a header or the body), and removed from the exchange afterwards so that
 * it cannot reach a log or a later step.
 */
@Component("kommoWebhookSecret")
public class KommoWebhookSecret {

    static final String PARAMETER = "secret";
    private static final Logger LOG = LoggerFactory.getLogger(KommoWebhookSecret.class);

    private final byte[] secret;

    public KommoWebhookSecret(KommoProperties properties) {
        this.secret = properties.checksWebhookSecret()
                ? properties.webhookSecret().getBytes(StandardCharsets.UTF_8)
                : null;
    }

    @PostConstruct
    void warnWhenUnchecked() {
        if (secret == null) {
            LOG.warn("KOMMO_WEBHOOK_SECRET is not set: the secret parameter is NOT checked on /webhooks/kommo");
        }
    }

    @Handler
    public void verify(Exchange exchange) {
        exchange.getIn().removeHeader(PARAMETER);
        if (secret == null) {
            return;
        }
        HttpServletRequest request = exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST,
                HttpServletRequest.class);
        String given = request == null ? null : queryParameter(request.getQueryString(), PARAMETER);
        if (given == null || given.isEmpty()) {
            throw forbidden("the secret query parameter is missing");
        }
        if (!MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            throw forbidden("the secret query parameter does not match KOMMO_WEBHOOK_SECRET");
        }
    }

    /** The first value of {@code name} in a raw query string, decoded; {@code null} when absent or malformed. */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals(decode(key))) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static WebhookException forbidden(String detail) {
        return new WebhookException(403, "invalid secret", detail);
    }
}
