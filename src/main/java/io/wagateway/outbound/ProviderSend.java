package io.wagateway.outbound;

import static io.wagateway.outbound.SendVariables.MESSAGE_ID;
import static io.wagateway.outbound.SendVariables.OUTGOING;
import static io.wagateway.outbound.SendVariables.SEND_FAILURE;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.Builder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send route of every provider, {@code direct:<provider>-send} (picked by {@code send-via-provider}): one
 * claimed {@link OutgoingMessage} (the body, kept as the variable {@link SendVariables#OUTGOING} that
 * {@link OutgoingMessage#of} reads), tried once; what became of it is left in the variable {@code delivery}, and the
 * message is the body again for the steps after the send. Without credentials the send is a dry run. Else the
 * provider makes its call, alone in a route of its own ({@link #call}), and then either its answer is recorded
 * ({@link Sender#accepted}) or what its failure means ({@link ProviderErrors}): worth another try
 * ({@link SendRetry} schedules it on the row) or final.
 */
public final class ProviderSend {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderSend.class);

    private ProviderSend() {
    }

    /**
     * What a provider's sender brings to the send route.
     *
     * @param provider  as in {@code kommo_messages.provider}: the route is {@code direct:<provider>-send}
     * @param canSend   whether its credentials are configured; without them the send is a dry run
     * @param dryRunLog the log line of a dry run (simple language; the body is the {@link OutgoingMessage})
     * @param errors    what its failures mean
     * @param accepted  reads its answer to a successful call into {@link Delivery#record(Exchange, String, String)}
     */
    public record Sender(String provider, BooleanSupplier canSend, String dryRunLog, ProviderErrors errors,
                         Processor accepted) {
    }

    /**
     * Builds {@code direct:<provider>-send}: {@code call} adds the steps of the call (the request, then a
     * {@link #call} route; their ids start with the route's, {@code <provider>-send-}); the returned route goes on
     * after the outcome was recorded.
     */
    public static RouteDefinition route(RouteBuilder builder, Sender sender,
                                        Consumer<ProcessorDefinition<?>> call) {
        String routeId = sender.provider() + "-send";
        RouteDefinition route = builder.from("direct:" + routeId).routeId(routeId);
        ChoiceDefinition send = route
                .setVariable(OUTGOING, Builder.body()).id(routeId + "-outgoing-keep")
                // where the call route keeps its failure (ProviderCall); null after a success
                .setVariable(SEND_FAILURE, Builder.constant(null)).id(routeId + "-failure-reset")
                .choice().id(routeId + "-dry-run-check")
                    .when(exchange -> !sender.canSend().getAsBoolean()).id(routeId + "-when-dry-run")
                        .process(exchange -> Delivery.record(exchange, DeliveryStatus.DRY_RUN, null))
                            .id(routeId + "-record-dry-run")
                        .log(sender.dryRunLog()).id(routeId + "-log-dry-run")
                    .otherwise().id(routeId + "-otherwise-call");
        call.accept(send);
        send.process(exchange -> recordOutcome(exchange, sender)).id(routeId + "-record-outcome")
                .end()
                .setBody(Builder.variable(OUTGOING)).id(routeId + "-outgoing-as-body");
        return route;
    }

    /** The route {@code direct:<routeId>} that makes one call of a send, its failure kept for the send route. */
    public static RouteDefinition call(RouteBuilder builder, String routeId) {
        return ProviderCall.route(builder, "direct:" + routeId, routeId, SEND_FAILURE);
    }

    private static void recordOutcome(Exchange exchange, Sender sender) throws Exception {
        Throwable failure = exchange.getVariable(SEND_FAILURE, Throwable.class);
        if (failure == null) {
            sender.accepted().process(exchange);
            return;
        }
        SendFailure meaning = sender.errors().judge(failure);
        LOG.warn("The {} send of message {} failed ({}): {}", sender.provider(), exchange.getVariable(MESSAGE_ID),
                meaning.code(), meaning.message());
        Delivery.record(exchange, meaning);
    }
}
