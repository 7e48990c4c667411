package io.wagateway.outbound;

import static io.wagateway.outbound.SendVariables.DELIVERY;
import static io.wagateway.outbound.SendVariables.DELIVERY_ERROR;
import static io.wagateway.outbound.SendVariables.DELIVERY_ERROR_CODE;
import static io.wagateway.outbound.SendVariables.DELIVERY_STATUS;
import static io.wagateway.outbound.SendVariables.INVITATION_CONTENT;
import static io.wagateway.outbound.SendVariables.INVITATION_METADATA;
import static io.wagateway.outbound.SendVariables.MESSAGE_ID;
import static io.wagateway.outbound.SendVariables.METADATA_PATCH;
import static io.wagateway.outbound.SendVariables.PROVIDER_MESSAGE_ID;
import static io.wagateway.outbound.SendVariables.REENGAGE;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * What a sender learned about one outgoing message: the exchange variable {@link SendVariables#DELIVERY}, a map
 * of the named parameters of {@code kommo_messages/record-delivery.sql} (and of {@code record-queued.sql},
 * {@code schedule-retry.sql}).
 */
public final class Delivery {

    private static final String RETRYABLE = "retryable";
    static final String RETRY_AFTER = "retryAfter";

    private Delivery() {
    }

    public static void record(Exchange exchange, String status, String providerMessageId) {
        set(exchange, status, providerMessageId, null, null);
    }

    /** Keeps {@code patch} (a JSON object) in the message's metadata, e.g. which template went out. */
    public static void annotate(Exchange exchange, String patch) {
        of(exchange).put(METADATA_PATCH, patch);
    }

    /**
     * The message waits for the window ({@code queued}); {@code invitation}, when not null, are the parameters of
     * the template that invites the user back ({@link OutboundWindow#invitation}), left by {@code record-queued.sql}
     * once per closed window.
     */
    static void queued(Exchange exchange, Map<String, Object> invitation) {
        set(exchange, DeliveryStatus.QUEUED, null, null, null);
        Map<String, Object> delivery = of(exchange);
        delivery.put(REENGAGE, invitation != null);
        delivery.put(INVITATION_CONTENT, invitation == null ? null : invitation.get(INVITATION_CONTENT));
        delivery.put(INVITATION_METADATA, invitation == null ? null : invitation.get(INVITATION_METADATA));
    }

    /** Not sent and never to be: the reason it was not needed any more. */
    static void expired(Exchange exchange, String errorCode, String reason) {
        set(exchange, DeliveryStatus.EXPIRED, null, errorCode, reason);
    }

    public static void failed(Exchange exchange, String errorCode, String error) {
        set(exchange, DeliveryStatus.FAILED, null, errorCode, abbreviate(error));
    }

    /**
     * A failure worth another try (no answer, a timeout, 5xx, 429): the message stays {@code pending} and
     * {@link SendRetry} decides when it is tried again, or that its attempts are spent.
     *
     * @param retryAfter the provider's {@code Retry-After} header, {@code null} when it sent none
     */
    public static void retryable(Exchange exchange, String errorCode, String error, String retryAfter) {
        set(exchange, DeliveryStatus.PENDING, null, errorCode, abbreviate(error));
        Map<String, Object> delivery = of(exchange);
        delivery.put(RETRYABLE, true);
        delivery.put(RETRY_AFTER, retryAfter);
    }

    /** What a failed call means ({@link ProviderErrors#judge}): worth another try, or a final failure. */
    public static void record(Exchange exchange, SendFailure failure) {
        if (failure.retryable()) {
            retryable(exchange, failure.code(), failure.message(), failure.retryAfter());
        } else {
            failed(exchange, failure.code(), failure.message());
        }
    }

    public static boolean isRetryable(Exchange exchange) {
        Map<?, ?> delivery = of(exchange);
        return delivery != null && Boolean.TRUE.equals(delivery.get(RETRYABLE));
    }

    public static String statusOf(Exchange exchange) {
        return (String) valueOf(exchange, DELIVERY_STATUS);
    }

    static Object errorCodeOf(Exchange exchange) {
        return valueOf(exchange, DELIVERY_ERROR_CODE);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Exchange exchange) {
        return exchange.getVariable(DELIVERY, Map.class);
    }

    private static Object valueOf(Exchange exchange, String parameter) {
        Map<?, ?> delivery = of(exchange);
        return delivery == null ? null : delivery.get(parameter);
    }

    private static String abbreviate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    private static void set(Exchange exchange, String status, String providerMessageId, String errorCode,
                            String error) {
        Map<String, Object> delivery = new HashMap<>();
        delivery.put(MESSAGE_ID, exchange.getVariable(MESSAGE_ID));
        delivery.put(DELIVERY_STATUS, status);
        delivery.put(PROVIDER_MESSAGE_ID, providerMessageId);
        delivery.put(DELIVERY_ERROR_CODE, errorCode);
        delivery.put(DELIVERY_ERROR, error);
        delivery.put(METADATA_PATCH, null);
        exchange.setVariable(DELIVERY, delivery);
    }
}
