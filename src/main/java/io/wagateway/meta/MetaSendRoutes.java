package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;

import io.wagateway.outbound.Delivery;
import io.wagateway.outbound.DeliveryStatus;
import io.wagateway.outbound.OutboundWindow;
import io.wagateway.outbound.OutgoingMedia;
import io.wagateway.outbound.OutgoingMessage;
import io.wagateway.outbound.ProviderCall;
import io.wagateway.outbound.ProviderSend;
import io.wagateway.outbound.ProviderSend.Sender;
import io.wagateway.outbound.SendVariables;
import io.wagateway.outbound.TypingIndicatorRoutes;
import io.wagateway.sql.SqlParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.whatsapp.WhatsAppEndpoint;
import org.apache.camel.component.whatsapp.WhatsAppService;
import org.apache.camel.component.whatsapp.model.Language;
import org.apache.camel.component.whatsapp.model.Message;
import org.apache.camel.component.whatsapp.model.MessageResponse;
import org.apache.camel.component.whatsapp.model.Parameter;
import org.apache.camel.component.whatsapp.model.TemplateMessage;
import org.apache.camel.component.whatsapp.model.TemplateMessageRequest;
import org.apache.camel.component.whatsapp.model.TextMessage;
import org.apache.camel.component.whatsapp.model.TextMessageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code direct:meta-send} ({@link ProviderSend}): one claimed outgoing message to the WhatsApp Cloud API through
 * the camel-whatsapp component ({@code POST {META_GRAPH_BASE_URL}/{META_API_VERSION}/{META_PHONE_NUMBER_ID}/messages},
 * configured in {@link MetaConfiguration}). The returned {@code wamid} is recorded as the provider message
 * id with status {@code accepted}, a failure as {@link MetaErrors} reads it (Meta's error code and message).
 * Without credentials the send is a dry run.
 */
@Component
public class MetaSendRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(MetaSendRoutes.class);
    /** Meta's id of the stored item uploaded for this attempt. */
    static final String META_MEDIA_ID = "metaMediaId";

    private final MetaProperties meta;
    private final SqlParameters json;
    private final WhatsAppService service;
    private final MetaErrors errors;
    private final MetaMediaUpload upload;

    public MetaSendRoutes(MetaProperties meta, SqlParameters json, WhatsAppService metaWhatsAppService,
                          MetaErrors errors, MetaMediaUpload upload) {
        this.upload = upload;
        this.meta = meta;
        this.json = json;
        this.service = metaWhatsAppService;
        this.errors = errors;
    }

    @Override
    public void configure() {
        Sender sender = new Sender("meta", meta::canSend, "Meta dry run (no META_ACCESS_TOKEN/META_PHONE_NUMBER_ID): "
                + "not sending to conversation ${body.conversationId}", errors, MetaSendRoutes::recordResult);
        ProviderSend.route(this, sender, send -> send
                // a stored item is uploaded first and sent by the id Meta gives it; a failed upload sends nothing
                .filter(MetaSendRoutes::sendsStoredMedia).id("meta-send-if-stored-media")
                    .to("direct:meta-media-upload").id("meta-send-media-upload")
                .end()
                .filter(variable(SendVariables.SEND_FAILURE).isNull()).id("meta-send-if-uploaded")
                    .process(this::prepareRequest).id("meta-send-request")
                    .to("direct:meta-message-create").id("meta-send-message-create")
                .end())
                .filter(variable(SendVariables.SEND_AS).isEqualTo(OutboundWindow.TEMPLATE)).id("meta-send-if-template")
                    .process(exchange -> Delivery.annotate(exchange, templateRecord(exchange)))
                        .id("meta-send-template-record")
                .end();

        // the API call alone, so that a failure lets the send route record it
        ProviderSend.call(this, "meta-message-create")
                .to(sendEndpoint()).id("meta-api");
        ProviderSend.call(this, "meta-media-upload")
                .process(exchange -> exchange.setVariable(META_MEDIA_ID,
                        upload.upload(OutgoingMessage.of(exchange).media()))).id("meta-api-media-upload");

        // the user's newest message marked read, "typing..." shown (typing-indicator); dry run: nothing
        ProviderCall.route(this, "direct:meta-typing", "meta-typing", TypingIndicatorRoutes.FAILURE)
                .filter(exchange -> meta.canSend()).id("meta-typing-if-configured")
                    .process(exchange -> exchange.getMessage().setBody(new MetaReadWithTyping(
                            exchange.getVariable(TypingIndicatorRoutes.MESSAGE_ID, String.class))))
                        .id("meta-typing-request")
                    .to(sendEndpoint()).id("meta-api-typing")
                .end();
    }

    /** camel-whatsapp's endpoint of the phone number, sending through {@link MetaWhatsAppService}. */
    private Endpoint sendEndpoint() {
        WhatsAppEndpoint endpoint = getCamelContext().getEndpoint(MetaConfiguration.endpointUri(meta),
                WhatsAppEndpoint.class);
        endpoint.setWhatsappService(service);
        return endpoint;
    }

    /**
     * The Graph API's text message: {@code to} is the wa_id, the number without '+'; a user known only by the
     * BSUID gets it as {@code recipient} ({@link MetaRecipient}).
     */
    static TextMessageRequest textMessage(String phone, String userId, String content) {
        TextMessage text = new TextMessage();
        text.setBody(content);
        text.setPreviewUrl(false);
        TextMessageRequest request = MetaRecipient.text(phone, userId);
        request.setText(text);
        return request;
    }

    /**
     * Outside the 24-hour window: the approved template {@code META_FALLBACK_TEMPLATE} in
     * {@code META_FALLBACK_TEMPLATE_LANGUAGE}, with one body parameter {@code {{1}}}.
     */
    static TemplateMessageRequest templateMessage(String phone, String userId, String name, String language,
                                                  String content) {
        Parameter text = new Parameter();
        text.setType("text");
        text.setText(content);
        org.apache.camel.component.whatsapp.model.Component body =
                new org.apache.camel.component.whatsapp.model.Component();
        body.setType("body");
        body.setParameters(List.of(text));
        Language code = new Language();
        code.setPolicy("deterministic");
        code.setCode(language);
        TemplateMessage template = new TemplateMessage();
        template.setName(name);
        template.setLanguage(code);
        template.setComponents(List.of(body));
        TemplateMessageRequest request = MetaRecipient.template(phone, userId);
        request.setTemplate(template);
        return request;
    }

    private void prepareRequest(Exchange exchange) {
        OutgoingMessage outgoing = OutgoingMessage.of(exchange);
        String phone = outgoing.phone();
        String userId = outgoing.userId();
        boolean template = OutboundWindow.TEMPLATE.equals(exchange.getVariable(SendVariables.SEND_AS));
        exchange.getMessage().setBody(template
                ? templateMessage(phone, userId, meta.fallbackTemplate(), templateLanguage(), templateText(exchange))
                : outgoing.media() != null
                        ? mediaMessage(phone, userId, outgoing.media(),
                                exchange.getVariable(META_MEDIA_ID, String.class))
                        : textMessage(phone, userId, outgoing.content()));
    }

    private static boolean sendsStoredMedia(Exchange exchange) {
        OutgoingMessage outgoing = OutgoingMessage.of(exchange);
        return outgoing.media() != null && outgoing.media().stored()
                && !OutboundWindow.TEMPLATE.equals(exchange.getVariable(SendVariables.SEND_AS));
    }

    /**
     * {@code "type": "image", "image": {"id": "<uploaded>" | "link": "<https URL>", "caption": ...}}; a document also
     * has its {@code filename}, audio no caption (Meta refuses one). A URL of unknown type goes as a document.
     */
    static MetaRecipient.MediaRequest mediaMessage(String phone, String userId, OutgoingMedia media, String mediaId) {
        String kind = media.kind();
        Map<String, Object> object = new LinkedHashMap<>();
        if (mediaId != null) {
            object.put("id", mediaId);
        } else {
            object.put("link", media.url());
        }
        if (media.caption() != null && !OutgoingMedia.AUDIO.equals(kind)) {
            object.put("caption", media.caption());
        }
        if (media.filename() != null && OutgoingMedia.DOCUMENT.equals(kind)) {
            object.put("filename", media.filename());
        }
        return MetaRecipient.media(phone, userId, kind, object);
    }

    private String templateLanguage() {
        String language = meta.fallbackTemplateLanguage();
        return isBlank(language) ? "en_US" : language;
    }

    private String templateRecord(Exchange exchange) {
        return json.toJson(Map.of("template", Map.of(
                "provider", "meta",
                "name", meta.fallbackTemplate(),
                "language", templateLanguage(),
                "variables", Map.of("1", templateText(exchange)))));
    }

    /** The template's {@code {{1}}}, as the window policy decided ({@link OutboundWindow}). */
    private static String templateText(Exchange exchange) {
        return exchange.getVariable(SendVariables.TEMPLATE_TEXT, String.class);
    }

    private static void recordResult(Exchange exchange) {
        MessageResponse response = exchange.getMessage().getBody(MessageResponse.class);
        List<Message> messages = response == null ? null : response.getMessages();
        String wamid = messages == null || messages.isEmpty() ? null : messages.get(0).getId();
        if (wamid == null) {
            LOG.warn("The Graph API accepted message {} without returning its wamid: its statuses cannot be matched",
                    exchange.getVariable(SendVariables.MESSAGE_ID));
        }
        Delivery.record(exchange, DeliveryStatus.ACCEPTED, wamid);
    }
}
