package io.wagateway.http;

import org.apache.camel.Exchange;

/**
 * Hands a failure of a transacted sub-route back to the HTTP route that called it. Camel's transaction
 * error handler marks a failure as exhausted, and an exhausted failure is never seen by the caller's
 * error policy: the webhook would answer an empty 500 instead of its JSON error. Used in a
 * {@code doCatch} around the call: the caught exception is thrown again, no longer marked.
 */
public final class FailurePropagation {

    private FailurePropagation() {
    }

    public static void rethrow(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getExchangeExtension().setRedeliveryExhausted(false);
        exchange.getExchangeExtension().setErrorHandlerHandled(null);
        exchange.getExchangeExtension().setFailureHandled(false);
        throw failure;
    }
}
