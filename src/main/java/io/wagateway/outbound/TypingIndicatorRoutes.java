package io.wagateway.outbound;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code direct:typing-indicator}: while the model writes a reply, the user sees their message read and
 * "typing..." (Meta: {@code META_TYPING_INDICATOR}, one Graph API call; Twilio: {@code TWILIO_TYPING_INDICATOR},
 * Twilio's typing indicator, which marks the message read too). The reply worker wire-taps it once per reply job,
 * so it runs on its own thread and never delays the reply; it is tried once and never retried. Its first failure
 * is logged as a WARN, the ones after it at DEBUG until a call succeeds again (a provider that refuses it would
 * otherwise log once per reply). Variables: {@link #PROVIDER} and {@link #MESSAGE_ID}, which the reply worker sets
 * on its tapped copy.
 */
@Component
public class TypingIndicatorRoutes extends RouteBuilder {

    /** The provider's id of the message the indicator is about (wamid, MessageSid); none: no indicator. */
    public static final String MESSAGE_ID = "typingMessageId";
    /** The provider of the conversation ({@code meta}, {@code twilio}; the others have no indicator). */
    public static final String PROVIDER = "typingProvider";
    /** Where the provider call keeps its failure ({@link ProviderCall}). */
    public static final String FAILURE = "typingFailure";
    private static final Logger LOG = LoggerFactory.getLogger(TypingIndicatorRoutes.class);

    private final boolean meta;
    private final boolean twilio;
    private final AtomicBoolean failing = new AtomicBoolean();

    public TypingIndicatorRoutes(@Value("${gateway.meta.typing-indicator:true}") String meta,
                                 @Value("${gateway.twilio.typing-indicator:true}") String twilio) {
        this.meta = isOn(meta);
        this.twilio = isOn(twilio);
    }

    /** On unless set to false: a blank setting (an empty variable of docker compose) keeps the default. */
    private static boolean isOn(String setting) {
        return setting == null || !"false".equalsIgnoreCase(setting.strip());
    }

    @Override
    public void configure() {
        from("direct:typing-indicator").routeId("typing-indicator")
                .setVariable(FAILURE, constant(null)).id("typing-indicator-failure-reset")
                .choice().id("typing-indicator-by-provider")
                    .when(variable(MESSAGE_ID).isNull()).id("typing-indicator-when-no-message")
                        .stop().id("typing-indicator-stop-no-message")
                    .when(exchange -> meta && "meta".equals(providerOf(exchange))).id("typing-indicator-when-meta")
                        .to("direct:meta-typing").id("typing-via-meta")
                    .when(exchange -> twilio && "twilio".equals(providerOf(exchange)))
                            .id("typing-indicator-when-twilio")
                        .to("direct:twilio-typing").id("typing-via-twilio")
                    .otherwise().id("typing-indicator-otherwise-none")
                        .stop().id("typing-indicator-stop-no-provider")
                .end()
                .process(this::logOutcome).id("typing-indicator-log-outcome");
    }

    private static String providerOf(Exchange exchange) {
        return exchange.getVariable(PROVIDER, String.class);
    }

    private void logOutcome(Exchange exchange) {
        Throwable failure = exchange.getVariable(FAILURE, Throwable.class);
        if (failure == null) {
            failing.set(false);
        } else if (failing.compareAndSet(false, true)) {
            LOG.warn("The {} typing indicator for message {} failed, the reply goes on without it (further failures "
                    + "at DEBUG until one succeeds): {}", providerOf(exchange), exchange.getVariable(MESSAGE_ID),
                    failure.getMessage());
        } else {
            LOG.debug("The {} typing indicator for message {} failed: {}", providerOf(exchange),
                    exchange.getVariable(MESSAGE_ID), failure.getMessage());
        }
    }
}
