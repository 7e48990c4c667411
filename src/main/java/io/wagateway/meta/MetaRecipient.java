package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.apache.camel.component.whatsapp.model.BaseMessage;
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

    /** A media message ({@code type} image, audio, video or document, and that object), always ours. */
    static MediaRequest media(String phone, String userId, String kind, Map<String, Object> media) {
        return hasPhone(phone) ? new MediaRequest(waId(phone), null, kind, media)
                : new MediaRequest(null, userIdOf(userId), kind, media);
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

    /**
     * A media message: camel-whatsapp 4.17's own media request writes its object under a name of its own, so this one
     * is ours, {@code to} or {@code recipient}, posted by {@link MetaWhatsAppService}.
     */
    static final class MediaRequest extends BaseMessage implements MetaWhatsAppService.OwnRequest {
        @JsonProperty("recipient")
        private final String recipient;
        private final Map<String, Object> media;

        MediaRequest(String to, String recipient, String kind, Map<String, Object> media) {
            setTo(to);
            setType(kind);
            this.recipient = recipient;
            this.media = media;
        }

        public String getRecipient() {
            return recipient;
        }

        /** {@code "image": {"id" | "link", "caption"?, "filename"?}}. */
        @JsonAnyGetter
        public Map<String, Object> mediaObject() {
            return Map.of(getType(), media);
        }
    }
}
