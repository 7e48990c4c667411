package io.wagateway.outbound;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * The shape of every call to a provider's API: the call alone in its own route, tried once, and a failure
 * kept in an exchange variable for the calling route to judge (a retry is scheduled on the message row by
 * {@link SendRetry}, never waited for in a thread). The failure is "continued", not "handled": a handled
 * exception would stop the calling route as well, and the message would never be recorded.
 */
public final class ProviderCall {

    private ProviderCall() {
    }

    /**
     * Starts the route {@code from(uri)} with that error policy (its steps' ids start with the route's); the caller
     * adds the call itself.
     *
     * @param failureVariable where the exception is kept ({@code null} after a success is up to the caller)
     */
    public static RouteDefinition route(RouteBuilder builder, String uri, String routeId, String failureVariable) {
        RouteDefinition route = builder.from(uri).routeId(routeId);
        route.onException(Exception.class).id(routeId + "-on-failure")
                    .continued(true)
                    .process(exchange -> keep(exchange, failureVariable)).id(routeId + "-failure-keep")
                .end();
        return route;
    }

    private static void keep(Exchange exchange, String failureVariable) {
        exchange.setVariable(failureVariable, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }
}
