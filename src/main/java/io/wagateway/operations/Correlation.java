package io.wagateway.operations;

import io.wagateway.canonical.CanonicalMessage;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The correlation id of the logs: the provider's id of the user message a piece of work belongs to (Twilio's
 * {@code MessageSid}, Meta's {@code wamid}, Kommo's message id), from the webhook to the send of the reply.
 * It is the MDC key {@value #KEY} (the log pattern prints it as {@code [SM...]}).
 *
 * <p>A route step sets it as the exchange property {@value #KEY} ({@code .process(Correlation::fromMessage)},
 * {@code Correlation.fromVariable(...)}); an {@link InterceptStrategy} around every processor of every route
 * (Java and YAML, also the ones reloaded later) puts the exchange's value into the MDC while the processor
 * runs, and restores what was there after, so the id follows the exchange from thread to thread and never
 * leaks to the next exchange a thread serves. Where it is set:
 * <ul>
 * <li>{@code conversation-save} / {@code conversation-save-agent}: the canonical message's
 *     {@code providerMessageId};</li>
 * <li>{@code generate-reply}: the newest user message of the claimed conversation
 *     ({@code reply_jobs/claim.sql}); the reply and the holding message keep it as
 *     {@code metadata.inReplyTo};</li>
 * <li>{@code send-reply}: {@code metadata.inReplyTo} of the claimed message, else its own id (agents' and
 *     system messages; {@code outbound-enqueue} logs that same id);</li>
 * <li>{@code delivery-status-update}: the reported message's {@code inReplyTo}, else the reported id.</li>
 * </ul>
 */
@Component
public class Correlation implements CamelContextConfiguration {

    public static final String KEY = "correlationId";

    /** Sets the correlation id of the rest of the exchange; {@code null} or blank leaves it unchanged. */
    public static void set(Exchange exchange, Object id) {
        if (id != null && !String.valueOf(id).isBlank()) {
            exchange.setProperty(KEY, String.valueOf(id));
        }
    }

    /** The body is a {@link CanonicalMessage}: its {@code providerMessageId}. */
    public static void fromMessage(Exchange exchange) {
        CanonicalMessage message = exchange.getMessage().getBody(CanonicalMessage.class);
        if (message != null) {
            set(exchange, message.providerMessageId());
        }
    }

    /** The body is a map (a row, a status update): its entry {@code key}. */
    public static Processor fromBody(String key) {
        return exchange -> {
            Map<?, ?> body = exchange.getMessage().getBody(Map.class);
            if (body != null) {
                set(exchange, body.get(key));
            }
        };
    }

    /** The exchange variable {@code name} is a map: its entry {@code key}. */
    public static Processor fromVariable(String name, String key) {
        return exchange -> {
            Map<?, ?> map = exchange.getVariable(name, Map.class);
            if (map != null) {
                set(exchange, map.get(key));
            }
        };
    }

    public static String of(Exchange exchange) {
        return exchange.getProperty(KEY, String.class);
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        context.getCamelContextExtension().addInterceptStrategy(new MdcStrategy());
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
    }

    /** Puts the exchange's correlation id into the MDC around each processor. */
    static final class MdcStrategy implements InterceptStrategy {

        @Override
        public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                     Processor nextTarget) {
            return new DelegateAsyncProcessor(target) {
                @Override
                public boolean process(Exchange exchange, AsyncCallback callback) {
                    String id = exchange.getProperty(KEY, String.class);
                    if (id == null) {
                        return super.process(exchange, callback);
                    }
                    String previous = MDC.get(KEY);
                    MDC.put(KEY, id);
                    try {
                        return super.process(exchange, callback);
                    } finally {
                        if (previous == null) {
                            MDC.remove(KEY);
                        } else {
                            MDC.put(KEY, previous);
                        }
                    }
                }

                @Override
                public String toString() {
                    return "Correlation[" + processor + "]";
                }
            };
        }
    }
}
