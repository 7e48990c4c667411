package io.wagateway.meta;

import io.wagateway.canonical.Provider;
import io.wagateway.outbound.SendVariables;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code statuses[]}: what Meta reports about a message the gateway sent, in the gateway's
 * delivery statuses.
 *
 * @param providerMessageId the {@code wamid} the Graph API returned when the message was sent
 * @param deliveryStatus    {@code sent}, {@code delivered}, {@code read} or {@code failed}
 * @param errorCode         Meta's error code of a {@code failed} status, else null
 * @param error             Meta's error message and details of a {@code failed} status, else null
 */
public record MetaStatusUpdate(String providerMessageId, String deliveryStatus, String errorCode, String error) {

    public MetaStatusUpdate {
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(deliveryStatus, "deliveryStatus");
    }

    /** The named parameters of {@code kommo_messages/update-delivery-status.sql}. */
    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put(SendVariables.PROVIDER, Provider.META.id());
        parameters.put(SendVariables.PROVIDER_MESSAGE_ID, providerMessageId);
        parameters.put(SendVariables.DELIVERY_STATUS, deliveryStatus);
        parameters.put(SendVariables.DELIVERY_ERROR_CODE, errorCode);
        parameters.put(SendVariables.DELIVERY_ERROR, error);
        return parameters;
    }
}
