package io.wagateway.twilio;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.messaging.v2.TypingIndicator;
import com.twilio.type.PhoneNumber;
import io.wagateway.outbound.Delivery;
import io.wagateway.outbound.DeliveryStatus;
import io.wagateway.outbound.ProviderCall;
import io.wagateway.outbound.TypingIndicatorRoutes;
import io.wagateway.outbound.OutboundWindow;
import io.wagateway.webhook.PublicUrl;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/**
 * {@code direct:twilio-send}: one claimed outgoing message to Twilio through the camel-twilio component
 * ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}), tried once. 5xx, 429, timeouts and network
 * errors are worth another try ({@link Delivery#retryable}, with Twilio's {@code Retry-After}); a 4xx is
 * final. Without credentials the send is a dry run.
 */
@Component
public class TwilioSendRoutes extends RouteBuilder {

    static final String STATUS_CALLBACK_PATH = "/webhooks/twilio/status";

    private final TwilioProperties twilio;
    private final PublicUrl publicUrl;
    private final TwilioTemplate template;
    private final TwilioRestClient client;

    public TwilioSendRoutes(TwilioProperties twilio, PublicUrl publicUrl, TwilioTemplate template,
                            TwilioRestClient client) {
        this.twilio = twilio;
        this.client = client;
        this.publicUrl = publicUrl;
        this.template = template;
    }

    @Override
    public void configure() {
        from("direct:twilio-send").routeId("twilio-send")
                .setVariable("twilioFailure", constant(null))
                .setVariable("statusCallback", constant(publicUrl.base() == null ? null
                        : publicUrl.base() + STATUS_CALLBACK_PATH))
                .choice()
                    .when(exchange -> !twilio.canSend())
                        .process(exchange -> Delivery.record(exchange, DeliveryStatus.DRY_RUN, null))
                        .log("Twilio dry run (no TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN): not sending to conversation "
                                + "${body[conversationId]}")
                    .when(variable("sendAs").isEqualTo(OutboundWindow.TEMPLATE))
                        .to("direct:twilio-template-create")
                    .otherwise()
                        .process(this::prepareRequest)
                        .to("direct:twilio-message-create")
                .end()
                .choice()
                    .when(variable("twilioFailure").isNotNull())
                        .process(TwilioSendRoutes::recordFailure)
                    .when(body().isInstanceOf(Message.class))
                        .process(TwilioSendRoutes::recordResult)
                .end()
                .filter(variable("sendAs").isEqualTo(OutboundWindow.TEMPLATE))
                    .process(exchange -> Delivery.annotate(exchange, template.record(exchange)))
                .end();

        // the API calls alone, so that a failure lets the caller record it
        twilioCall("direct:twilio-message-create", "twilio-message-create")
                .to("twilio://message/creator").id("twilio-api");
        twilioCall("direct:twilio-template-create", "twilio-template-create")
                .bean(template, "send").id("twilio-api-template");

        // Twilio's typing indicator (Public Beta) also marks the user's message read (typing-indicator); dry run:
        // nothing
        ProviderCall.route(this, "direct:twilio-typing", "twilio-typing", TypingIndicatorRoutes.FAILURE)
                .filter(exchange -> twilio.canSend())
                    .process(exchange -> TypingIndicator.creator(TypingIndicator.Channel.WHATSAPP,
                            exchange.getVariable(TypingIndicatorRoutes.MESSAGE_ID, String.class)).create(client))
                        .id("twilio-api-typing")
                .end();
    }

    /** A route that makes one call to Twilio, its failure kept. */
    private RouteDefinition twilioCall(String uri, String routeId) {
        return ProviderCall.route(this, uri, routeId, "twilioFailure");
    }

    private void prepareRequest(Exchange exchange) {
        Map<?, ?> outgoing = exchange.getMessage().getBody(Map.class);
        var message = exchange.getMessage();
        message.setHeader("CamelTwilio.to", recipient(outgoing));
        message.setHeader("CamelTwilio.from", new PhoneNumber(twilio.whatsappFrom()));
        message.setHeader("CamelTwilio.body", String.valueOf(outgoing.get("content")));
        String callback = exchange.getVariable("statusCallback", String.class);
        if (callback != null) {
            message.setHeader("CamelTwilio.statusCallback", java.net.URI.create(callback));
        }
    }

    /**
     * {@code whatsapp:+<phone>} when the phone is known, else {@code whatsapp:<BSUID>} (Twilio's address of a user
     * whose phone is withheld; {@code ../shared/providers/bsuid.md} §6).
     */
    static PhoneNumber recipient(Map<?, ?> outgoing) {
        Object phone = outgoing.get("phone");
        return new PhoneNumber("whatsapp:" + (phone != null ? phone : outgoing.get("userId")));
    }

    private static void recordResult(Exchange exchange) {
        Message sent = exchange.getMessage().getBody(Message.class);
        Delivery.record(exchange, TwilioStatus.toDeliveryStatus(sent.getStatus()), sent.getSid());
        // the claimed row stays the body for the steps after the send
        exchange.getMessage().setBody(exchange.getVariable("outgoing"));
    }

    private static void recordFailure(Exchange exchange) {
        Throwable failure = exchange.getVariable("twilioFailure", Throwable.class);
        if (TwilioErrors.isRetryable(failure)) {
            Delivery.retryable(exchange, TwilioErrors.codeOf(failure), TwilioErrors.messageOf(failure),
                    TwilioErrors.retryAfterOf(failure));
        } else {
            Delivery.failed(exchange, TwilioErrors.codeOf(failure), TwilioErrors.messageOf(failure));
        }
        exchange.getMessage().setBody(exchange.getVariable("outgoing"));
    }
}
