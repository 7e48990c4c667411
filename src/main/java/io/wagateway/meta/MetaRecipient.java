package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.component.whatsapp.model.TemplateMessageRequest;
import org.apache.camel.component.whatsapp.model.TextMessageRequest;

/**
 * Whom a Graph API message goes to: {@code to} = the phone's wa_id when it is known (Meta recommends it, so
 * that phones keep appearing in webhooks), else {@code recipient} = the BSUID (since July 2026). camel-whatsapp
 * 4.17's request models know only {@code to}; the subclasses below add {@code recipient}.
 */
final class MetaRecipient {

    private MetaRecipient() {
    }

    /** camel-whatsapp's own request when it goes to the phone, ours with {@code recipient} when to the BSUID. */
    static TextMessageRequest text(String phone, String userId) {
        if (hasPhone(phone)) {
            TextMessageRequest request = new TextMessageRequest();
            request.setTo(waId(phone));
            return request;
        }
        return new TextToUser(userIdOf(userId));
    }

    static TemplateMessageRequest template(String phone, String userId) {
        if (hasPhone(phone)) {
            TemplateMessageRequest request = new TemplateMessageRequest();
            request.setTo(waId(phone));
            return request;
        }
        return new TemplateToUser(userIdOf(userId));
    }

    private static boolean hasPhone(String phone) {
        return !isBlank(phone);
    }

    private static String waId(String phone) {
        return phone.startsWith("+") ? phone.substring(1) : phone;
    }

    private static String userIdOf(String userId) {
        if (isBlank(userId)) {
            throw new IllegalArgumentException("a Meta message needs a phone or a user id to go to");
        }
        return userId;
    }

    /** Camel-whatsapp's text request with {@code recipient}; {@link MetaWhatsAppService} posts it. */
    static final class TextToUser extends TextMessageRequest implements MetaWhatsAppService.OwnRequest {
        @JsonProperty("recipient")
        private final String recipient;

        TextToUser(String recipient) {
            this.recipient = recipient;
        }

        public String getRecipient() {
            return recipient;
        }
    }

    /** Camel-whatsapp's template request with {@code recipient}; {@link MetaWhatsAppService} posts it. */
    static final class TemplateToUser extends TemplateMessageRequest implements MetaWhatsAppService.OwnRequest {
        @JsonProperty("recipient")
        private final String recipient;

        TemplateToUser(String recipient) {
            this.recipient = recipient;
        }

        public String getRecipient() {
            return recipient;
        }
    }
}
