package io.wagateway.meta;

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
        TextToUser request = new TextToUser();
        request.setRecipient(userIdOf(userId));
        return request;
    }

    static TemplateMessageRequest template(String phone, String userId) {
        if (hasPhone(phone)) {
            TemplateMessageRequest request = new TemplateMessageRequest();
            request.setTo(waId(phone));
            return request;
        }
        TemplateToUser request = new TemplateToUser();
        request.setRecipient(userIdOf(userId));
        return request;
    }

    private static boolean hasPhone(String phone) {
        return phone != null && !phone.isBlank();
    }

    private static String waId(String phone) {
        return phone.startsWith("+") ? phone.substring(1) : phone;
    }

    private static String userIdOf(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("a Meta message needs a phone or a user id to go to");
        }
        return userId;
    }

    /** A request that goes to a BSUID: {@link MetaWhatsAppService} posts it. */
    interface ToUserId extends MetaWhatsAppService.OwnRequest {
        String getRecipient();

        void setRecipient(String recipient);
    }

    static final class TextToUser extends TextMessageRequest implements ToUserId {
        @JsonProperty("recipient")
        private String recipient;

        @Override
        public String getRecipient() {
            return recipient;
        }

        @Override
        public void setRecipient(String recipient) {
            this.recipient = recipient;
        }
    }

    static final class TemplateToUser extends TemplateMessageRequest implements ToUserId {
        @JsonProperty("recipient")
        private String recipient;

        @Override
        public String getRecipient() {
            return recipient;
        }

        @Override
        public void setRecipient(String recipient) {
            this.recipient = recipient;
        }
    }
}
