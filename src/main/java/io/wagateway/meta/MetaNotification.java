package io.wagateway.meta;

import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.ConsentChange;
import io.wagateway.canonical.IdentityChange;
import java.util.List;

/**
 * Everything one Meta webhook body carries, in arrival order across all entries and changes: the inbound
 * messages as canonical messages, the status reports about messages the gateway sent, and the notices that a
 * user's phone number or BSUID changed ({@code system} messages and the {@code user_id_update} field), and the
 * users who stopped or resumed marketing messages ({@code user_preferences}).
 */
public record MetaNotification(List<CanonicalMessage> messages, List<MetaStatusUpdate> statuses,
                               List<IdentityChange> identityChanges, List<ConsentChange> consentChanges) {

    public MetaNotification {
        messages = List.copyOf(messages);
        statuses = List.copyOf(statuses);
        identityChanges = List.copyOf(identityChanges);
        consentChanges = List.copyOf(consentChanges);
    }

    public boolean isEmpty() {
        return messages.isEmpty() && statuses.isEmpty() && identityChanges.isEmpty() && consentChanges.isEmpty();
    }
}
