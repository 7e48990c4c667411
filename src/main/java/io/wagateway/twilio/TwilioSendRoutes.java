package io.wagateway.twilio;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.messaging.v2.TypingIndicator;
import com.twilio.type.PhoneNumber;
import io.wagateway.media.MediaLinks;
import io.wagateway.outbound.Delivery;
import io.wagateway.outbound.OutboundWindow;
import io.wagateway.outbound.OutgoingMedia;
import io.wagateway.outbound.OutgoingMessage;
import io.wagateway.outbound.ProviderCall;
import io.wagateway.outbound.ProviderSend;
import io.wagateway.outbound.ProviderSend.Sender;
import io.wagateway.outbound.SendVariables;
import io.wagateway.outbound.TypingIndicatorRoutes;
import io.wagateway.webhook.PublicUrl;
import java.net.URI;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:twilio-send} ({@link ProviderSend}): one claimed outgoing message to Twilio through the
 * camel-twilio component ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}), or the fallback template
 * through the SDK ({@link TwilioTemplate}); Twilio's status and {@code MessageSid} are recorded, a failure as
 * {@link TwilioErrors} reads it. Without credentials the send is a dry run.
 */
@Component
public class TwilioSendRoutes extends RouteBuilder {

    static final String STATUS_CALLBACK_PATH = "/webhooks/twilio/status";
    /** The URL Twilio reports the message's statuses to; none without PUBLIC_BASE_URL. */
    static final String STATUS_CALLBACK = "statusCallback";

    private final TwilioProperties twilio;
    private final PublicUrl publicUrl;
    private final TwilioTemplate template;
    private final TwilioRestClient client;
    private final TwilioErrors errors;
    private final MediaLinks links;

    public TwilioSendRoutes(TwilioProperties twilio, PublicUrl publicUrl, TwilioTemplate template,
                            TwilioRestClient client, TwilioErrors errors, MediaLinks links) {
        this.links = links;
        this.twilio = twilio;
        this.client = client;
        this.publicUrl = publicUrl;
        this.template = template;
        this.errors = errors;
    }

    @Override
    public void configure() {
        Sender sender = new Sender("twilio", twilio::canSend, "Twilio dry run (no TWILIO_ACCOUNT_SID/"
                + "TWILIO_AUTH_TOKEN): not sending to conversation ${body.conversationId}", errors,
                TwilioSendRoutes::recordResult);
        ProviderSend.route(this, sender, send -> send
                .setVariable(STATUS_CALLBACK, constant(publicUrl.base() == null ? null
                        : publicUrl.base() + STATUS_CALLBACK_PATH)).id("twilio-send-status-callback")
                .choice().id("twilio-send-template-or-text")
                    .when(variable(SendVariables.SEND_AS).isEqualTo(OutboundWindow.TEMPLATE))
                            .id("twilio-send-when-template")
                        .to("direct:twilio-template-create").id("twilio-send-template-create")
                    .when(exchange -> OutgoingMessage.of(exchange).media() != null).id("twilio-send-when-media")
                        .to("direct:twilio-media-create").id("twilio-send-media-create")
                    .otherwise().id("twilio-send-otherwise-text")
                        .process(this::prepareRequest).id("twilio-send-request")
                        .to("direct:twilio-message-create").id("twilio-send-message-create")
                .end())
                .filter(variable(SendVariables.SEND_AS).isEqualTo(OutboundWindow.TEMPLATE))
                        .id("twilio-send-if-template")
                    .process(exchange -> Delivery.annotate(exchange, template.record(exchange)))
                        .id("twilio-send-template-record")
                .end();

        // the API calls alone, so that a failure lets the send route record it
        ProviderSend.call(this, "twilio-message-create")
                .to("twilio://message/creator").id("twilio-api");
        ProviderSend.call(this, "twilio-template-create")
                .bean(template, "send").id("twilio-api-template");
        ProviderSend.call(this, "twilio-media-create")
                .process(exchange -> exchange.getMessage().setBody(sendMedia(exchange))).id("twilio-api-media");

        // Twilio's typing indicator (Public Beta) also marks the user's message read (typing-indicator); dry run:
        // nothing
        ProviderCall.route(this, "direct:twilio-typing", "twilio-typing", TypingIndicatorRoutes.FAILURE)
                .filter(exchange -> twilio.canSend()).id("twilio-typing-if-configured")
                    .process(exchange -> TypingIndicator.creator(TypingIndicator.Channel.WHATSAPP,
                            exchange.getVariable(TypingIndicatorRoutes.MESSAGE_ID, String.class)).create(client))
                        .id("twilio-api-typing")
                .end();
    }

    private void prepareRequest(Exchange exchange) {
        OutgoingMessage outgoing = OutgoingMessage.of(exchange);
        var message = exchange.getMessage();
        message.setHeader("CamelTwilio.to", recipient(outgoing));
        message.setHeader("CamelTwilio.from", new PhoneNumber(twilio.whatsappFrom()));
        message.setHeader("CamelTwilio.body", outgoing.content());
        String callback = exchange.getVariable(STATUS_CALLBACK, String.class);
        if (callback != null) {
            message.setHeader("CamelTwilio.statusCallback", URI.create(callback));
        }
    }

    /**
     * Media through the SDK, as templates go (the component's creator takes a body or media URLs, not both):
     * {@code MediaUrl} is the URL, or a signed link under {@code PUBLIC_BASE_URL} to the stored item, made for this
     * attempt; {@code Body} the caption. Twilio fetches the file itself (a {@code HEAD}, then a {@code GET}).
     */
    private Message sendMedia(Exchange exchange) {
        OutgoingMessage outgoing = OutgoingMessage.of(exchange);
        OutgoingMedia media = outgoing.media();
        MessageCreator creator = Message.creator(recipient(outgoing), new PhoneNumber(twilio.whatsappFrom()),
                List.of(URI.create(media.publicUrl(links))));
        if (media.caption() != null) {
            creator.setBody(media.caption());
        }
        String callback = exchange.getVariable(STATUS_CALLBACK, String.class);
        if (callback != null) {
            creator.setStatusCallback(URI.create(callback));
        }
        return creator.create(client);
    }

    /**
     * {@code whatsapp:+<phone>} when the phone is known, else {@code whatsapp:<BSUID>} (Twilio's address of a user
     * whose phone is withheld; {@code ../shared/providers/bsuid.md} §6).
     */
    static PhoneNumber recipient(OutgoingMessage outgoing) {
        String phone = outgoing.phone();
        return new PhoneNumber("whatsapp:" + (phone != null ? phone : outgoing.userId()));
    }

    private static void recordResult(Exchange exchange) {
        Message sent = exchange.getMessage().getBody(Message.class);
        Delivery.record(exchange, TwilioStatus.toDeliveryStatus(sent.getStatus()), sent.getSid());
    }
}
