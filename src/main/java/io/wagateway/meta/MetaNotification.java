package io.wagateway.meta;

import io.wagateway.canonical.CanonicalMessage;
import java.util.List;

/**
 * Everything one Meta webhook body carries, in arrival order across all entries and changes: the inbound
 * messages as canonical messages and the status reports about messages the gateway sent.
 */
public record MetaNotification(List<CanonicalMessage> messages, List<MetaStatusUpdate> statuses) {

    public MetaNotification {
        messages = List.copyOf(messages);
        statuses = List.copyOf(statuses);
    }

    public boolean isEmpty() {
        return messages.isEmpty() && statuses.isEmpty();
    }
}
