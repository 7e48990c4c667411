package io.wagateway.twilio;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.canonical.Text.withoutNul;

import com.twilio.rest.api.v2010.account.Message;
import io.wagateway.canonical.Provider;
import io.wagateway.outbound.DeliveryStatus;
import io.wagateway.outbound.SendVariables;
import io.wagateway.webhook.WebhookException;
import io.wagateway.webhook.WebhookFields;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Handler;
import org.springframework.stereotype.Component;

/**
 * Reads Twilio's status callback ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}) into the
 * named parameters of {@code kommo_messages/update-delivery-status.sql}; {@code null} for a status that
 * says nothing about delivery ({@code receiving}, {@code received}).
 */
@Component("twilioStatusCallback")
public class TwilioStatusCallback {

    @Handler
    public Map<String, Object> read(Map<String, String> form) {
        String sid = WebhookFields.identifier("MessageSid", required(form, "MessageSid"));
        String reported = required(form, "MessageStatus");
        Message.Status status;
        try {
            status = Message.Status.forValue(reported);
        } catch (RuntimeException e) {
            status = null;
        }
        if (status == null) {
            throw WebhookException.badRequest("invalid field MessageStatus",
                    "unknown status " + WebhookFields.quote(reported));
        }
        if (status == Message.Status.RECEIVING || status == Message.Status.RECEIVED) {
            return null;
        }
        String deliveryStatus = TwilioStatus.toDeliveryStatus(status);
        Map<String, Object> update = new HashMap<>();
        update.put(SendVariables.PROVIDER, Provider.TWILIO.id());
        update.put(SendVariables.PROVIDER_MESSAGE_ID, sid);
        update.put(SendVariables.DELIVERY_STATUS, deliveryStatus);
        boolean failed = DeliveryStatus.FAILED.equals(deliveryStatus);
        String errorCode = withoutNul(form.get("ErrorCode"));
        update.put(SendVariables.DELIVERY_ERROR_CODE, failed && !isBlank(errorCode) ? errorCode : null);
        update.put(SendVariables.DELIVERY_ERROR, failed
                ? withoutNul(form.getOrDefault("ErrorMessage", "Twilio reported " + reported)) : null);
        return update;
    }

    private static String required(Map<String, String> form, String field) {
        String value = form.get(field);
        if (isBlank(value)) {
            throw WebhookException.badRequest("missing field " + field,
                    "a Twilio status callback always carries " + field);
        }
        return value;
    }
}
