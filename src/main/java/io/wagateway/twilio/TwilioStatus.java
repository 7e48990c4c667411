package io.wagateway.twilio;

import com.twilio.rest.api.v2010.account.Message;
import io.wagateway.outbound.DeliveryStatus;

/** Twilio's message statuses in the gateway's delivery statuses. */
final class TwilioStatus {

    private TwilioStatus() {
    }

    static String toDeliveryStatus(Message.Status status) {
        if (status == null) {
            return DeliveryStatus.ACCEPTED;
        }
        return switch (status) {
            case SENT -> DeliveryStatus.SENT;
            case DELIVERED, PARTIALLY_DELIVERED -> DeliveryStatus.DELIVERED;
            case READ -> DeliveryStatus.READ;
            case FAILED, UNDELIVERED, CANCELED -> DeliveryStatus.FAILED;
            default -> DeliveryStatus.ACCEPTED;
        };
    }
}
