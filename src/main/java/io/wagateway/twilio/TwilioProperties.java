package io.wagateway.twilio;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/** Twilio settings (environment variables {@code TWILIO_*}). */
@ConfigurationProperties("gateway.twilio")
public record TwilioProperties(
        String accountSid,
        String authToken,
        String whatsappFrom,
        String apiBaseUrl,
        String fallbackContentSid) {

    /** Without an account SID and auth token nothing is sent (dry run). */
    public boolean canSend() {
        return StringUtils.hasText(accountSid) && StringUtils.hasText(authToken);
    }

    /** Signatures are checked whenever an auth token is set. */
    public boolean checksSignatures() {
        return StringUtils.hasText(authToken);
    }
}
