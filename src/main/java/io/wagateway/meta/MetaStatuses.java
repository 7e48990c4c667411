package io.wagateway.meta;

import static io.wagateway.meta.MetaJson.array;
import static io.wagateway.meta.MetaJson.orDescription;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.outbound.DeliveryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One entry of {@code statuses[]} in the gateway's delivery statuses, with Meta's error of a {@code failed} one.
 * An entry without id or status, or with a status the gateway does not track, is logged and skipped.
 */
final class MetaStatuses {

    private static final Logger LOG = LoggerFactory.getLogger(MetaStatuses.class);

    private MetaStatuses() {
    }

    /** The update, or null when the entry is skipped. */
    static MetaStatusUpdate of(JsonNode status, String where) {
        String id = text(status, "id");
        String reported = text(status, "status");
        if (id == null || reported == null) {
            LOG.warn("Meta status {} without id or status ignored: {}", where, status);
            return null;
        }
        String deliveryStatus = switch (reported) {
            case "sent" -> DeliveryStatus.SENT;
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "read" -> DeliveryStatus.READ;
            case "failed" -> DeliveryStatus.FAILED;
            default -> null;
        };
        if (deliveryStatus == null) {
            LOG.info("Meta status '{}' of {} is not a delivery status the gateway tracks: ignored", reported, id);
            return null;
        }
        if (!DeliveryStatus.FAILED.equals(deliveryStatus)) {
            return new MetaStatusUpdate(id, deliveryStatus, null, null);
        }
        JsonNode first = array(status.path("errors")).path(0);
        String errorCode = text(first, "code");
        String message = orDescription(text(first, "message"), text(first, "title"));
        String details = text(first.path("error_data"), "details");
        String error = message == null ? details
                : details == null || details.equals(message) ? message : message + ": " + details;
        if (errorCode == null && error == null) {
            errorCode = "unknown";
            error = "Meta reported the message as failed without an error";
        }
        return new MetaStatusUpdate(id, deliveryStatus, errorCode, error);
    }
}
