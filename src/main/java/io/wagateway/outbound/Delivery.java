package io.wagateway.outbound;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * What a sender learned about one outgoing message: the exchange variable {@code delivery}, a map of
 * the named parameters of {@code kommo_messages/record-delivery.sql}.
 */
public final class Delivery {

    public static final String VARIABLE = "delivery";

    private Delivery() {
    }

    public static void record(Exchange exchange, String status, String providerMessageId) {
        set(exchange, status, providerMessageId, null, null);
    }

    /** Keeps {@code patch} (a JSON object) in the message's metadata, e.g. which template went out. */
    public static void annotate(Exchange exchange, String patch) {
        exchange.getVariable(VARIABLE, Map.class).put("metadataPatch", patch);
    }

    public static void failed(Exchange exchange, String errorCode, String error) {
        set(exchange, DeliveryStatus.FAILED, null, errorCode,
                error == null || error.length() <= 1000 ? error : error.substring(0, 1000));
    }

    public static String statusOf(Exchange exchange) {
        Map<?, ?> delivery = exchange.getVariable(VARIABLE, Map.class);
        return delivery == null ? null : (String) delivery.get("deliveryStatus");
    }

    private static void set(Exchange exchange, String status, String providerMessageId, String errorCode,
                            String error) {
        Map<String, Object> delivery = new HashMap<>();
        delivery.put("messageId", exchange.getVariable("messageId"));
        delivery.put("deliveryStatus", status);
        delivery.put("providerMessageId", providerMessageId);
        delivery.put("deliveryErrorCode", errorCode);
        delivery.put("deliveryError", error);
        delivery.put("metadataPatch", null);
        exchange.setVariable(VARIABLE, delivery);
    }
}
