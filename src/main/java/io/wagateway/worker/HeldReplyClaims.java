package io.wagateway.worker;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The claim tokens of the reply jobs this instance is working on right now: the ones
 * {@code reply-lease-renewal} extends. A job leaves the set when its worker is done with it, whatever
 * happened, so a lease is never renewed for work nobody does any more.
 */
@Component
public class HeldReplyClaims {

    /** The exchange variable holding the claim token of the job being worked on. */
    public static final String TOKEN = "claimToken";

    private final Set<UUID> tokens = ConcurrentHashMap.newKeySet();

    public void hold(Exchange exchange) {
        UUID token = exchange.getVariable(TOKEN, UUID.class);
        if (token != null) {
            tokens.add(token);
        }
    }

    public void release(Exchange exchange) {
        UUID token = exchange.getVariable(TOKEN, UUID.class);
        if (token != null) {
            tokens.remove(token);
        }
    }

    public List<UUID> tokens() {
        return List.copyOf(tokens);
    }
}
