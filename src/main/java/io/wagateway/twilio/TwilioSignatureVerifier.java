package io.wagateway.twilio;

import static io.wagateway.canonical.Text.isBlank;

import com.twilio.security.RequestValidator;
import io.wagateway.webhook.FormBody;
import io.wagateway.webhook.PublicUrl;
import io.wagateway.webhook.RawBody;
import io.wagateway.webhook.WebhookException;
import jakarta.annotation.PostConstruct;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Twilio-Signature} with the Twilio SDK's own {@link RequestValidator}: HMAC-SHA1 of
 * the URL Twilio called followed by every POST field, sorted. Leaves the form fields as the body.
 */
@Component("twilioSignatureVerifier")
public class TwilioSignatureVerifier {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    private static final Logger LOG = LoggerFactory.getLogger(TwilioSignatureVerifier.class);

    private final RequestValidator validator;
    private final PublicUrl publicUrl;

    public TwilioSignatureVerifier(TwilioProperties properties, PublicUrl publicUrl) {
        this.validator = properties.checksSignatures() ? new RequestValidator(properties.authToken()) : null;
        this.publicUrl = publicUrl;
    }

    @PostConstruct
    void warnWhenUnchecked() {
        if (validator == null) {
            LOG.warn("TWILIO_AUTH_TOKEN is not set: X-Twilio-Signature is NOT checked on /webhooks/twilio");
        }
    }

    @Handler
    public Map<String, String> verify(Exchange exchange) {
        Map<String, String> fields = FormBody.parse(RawBody.of(exchange));
        if (validator != null) {
            String signature = exchange.getIn().getHeader(SIGNATURE_HEADER, String.class);
            if (isBlank(signature)) {
                throw WebhookException.forbidden("X-Twilio-Signature header missing");
            }
            String url = publicUrl.of(exchange);
            if (!validator.validate(url, fields, signature)) {
                throw WebhookException.forbidden("X-Twilio-Signature does not match " + url);
            }
        }
        return fields;
    }
}
