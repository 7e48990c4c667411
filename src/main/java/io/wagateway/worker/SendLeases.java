package io.wagateway.worker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The sends this instance has in flight: claimed, and no outcome recorded yet. Their leases are renewed
 * ({@code send-lease-renewal}) for as long as they are here, and only then; so a lease runs out only when
 * its worker died or could not record the outcome, which is what makes an expired claim an interrupted send.
 */
@Component("sendLeases")
public class SendLeases {

    /** The exchange variable holding the id of the message being sent. */
    public static final String MESSAGE_ID = "messageId";
    private static final String HELD = "leasedMessageId";

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** Right after the claim, the variable {@value #MESSAGE_ID} set. */
    public void hold(Exchange exchange) {
        String messageId = String.valueOf(exchange.getVariable(MESSAGE_ID));
        exchange.setVariable(HELD, messageId);
        inFlight.add(messageId);
    }

    /** When the send is over, recorded or not. */
    public void release(Exchange exchange) {
        String messageId = exchange.getVariable(HELD, String.class);
        if (messageId != null) {
            inFlight.remove(messageId);
            exchange.removeVariable(HELD);
        }
    }

    /**
     * The held message ids, comma-separated (the parameter of {@code renew-send-leases.sql}); {@code null} for none.
     */
    public String held() {
        return inFlight.isEmpty() ? null : String.join(",", inFlight);
    }
}
