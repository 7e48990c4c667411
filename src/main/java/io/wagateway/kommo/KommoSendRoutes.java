package io.wagateway.kommo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.media.MediaLinks;
import io.wagateway.outbound.Delivery;
import io.wagateway.outbound.DeliveryStatus;
import io.wagateway.outbound.MediaUnavailableException;
import io.wagateway.outbound.OutgoingMedia;
import io.wagateway.outbound.OutgoingMessage;
import io.wagateway.outbound.ProviderSend;
import io.wagateway.outbound.ProviderSend.Sender;
import io.wagateway.outbound.SendVariables;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code direct:kommo-send} ({@link ProviderSend}): one claimed outgoing message to the Kommo Chats API through
 * Camel's HTTP component: {@code POST {KOMMO_AMOJO_BASE_URL}/v2/origin/custom/{KOMMO_SCOPE_ID}}, a
 * {@code new_message} from the channel bot into the chat ({@code conversation_ref_id}), signed with the channel
 * secret ({@link KommoRequestSigner}). Kommo's {@code new_message.msgid} is recorded as the provider message id,
 * which is also how the webhook recognises the echo of this reply; a failure as {@link KommoErrors} reads it
 * ({@code msgid} is our message id, so a retry creates no second message). Without {@code KOMMO_CHANNEL_SECRET},
 * {@code KOMMO_SCOPE_ID} and {@code KOMMO_BOT_ID} the send is a dry run.
 */
@Component
public class KommoSendRoutes extends RouteBuilder {

    static final String BOT_NAME = "Bot";
    private static final Logger LOG = LoggerFactory.getLogger(KommoSendRoutes.class);

    private final KommoProperties kommo;
    private final ObjectMapper json;
    private final KommoRequestSigner signer;
    private final KommoErrors errors;
    private final MediaLinks links;

    public KommoSendRoutes(KommoProperties kommo, ObjectMapper json, KommoErrors errors, MediaLinks links) {
        this.links = links;
        this.kommo = kommo;
        this.json = json;
        this.signer = kommo.canSend() ? new KommoRequestSigner(kommo.channelSecret()) : null;
        this.errors = errors;
    }

    @Override
    public void configure() {
        Sender sender = new Sender("kommo", kommo::canSend, "Kommo dry run (no KOMMO_CHANNEL_SECRET/KOMMO_SCOPE_ID/"
                + "KOMMO_BOT_ID): not sending to chat ${body.kommoChatId}", errors, this::recordResult);
        ProviderSend.route(this, sender, send -> send
                .process(this::prepareRequest).id("kommo-send-request")
                // media that cannot be linked any more is a final failure, and no call
                .filter(variable(SendVariables.SEND_FAILURE).isNull()).id("kommo-send-if-prepared")
                    .to("direct:kommo-message-create").id("kommo-send-message-create")
                .end());

        // the API call alone, so that a failure lets the send route record it; the answer's headers stay here
        ProviderSend.call(this, "kommo-message-create")
                .to(endpointUri()).id("kommo-api")
                .removeHeaders("*").id("kommo-api-headers-drop");
    }

    /**
     * The Chats API endpoint: failures as exceptions, bounded timeouts (connecting, waiting for a pooled
     * connection, reading), no automatic retries, and the signed {@code Date} header kept.
     */
    private String endpointUri() {
        return kommo.amojoBaseUrl() + kommo.messagesPath()
                + "?throwExceptionOnFailure=true"
                + "&connectTimeout=" + kommo.timeoutMs()
                + "&connectionRequestTimeout=" + kommo.timeoutMs()
                + "&responseTimeout=" + kommo.timeoutMs()
                + "&soTimeout=" + kommo.timeoutMs()
                + "&headerFilterStrategy=#" + KommoConfiguration.HEADER_FILTER
                + "&httpClientConfigurer=#" + KommoConfiguration.HTTP_CLIENT;
    }

    /** The JSON body as the exact bytes that are signed and sent, and the signed headers, nothing else. */
    private void prepareRequest(Exchange exchange) throws JsonProcessingException {
        Instant now = Instant.now();
        byte[] body;
        try {
            body = json.writeValueAsBytes(newMessage(OutgoingMessage.of(exchange), now));
        } catch (MediaUnavailableException e) {
            exchange.setVariable(SendVariables.SEND_FAILURE, e);
            return;
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        signer.sign("POST", kommo.messagesPath(), body, now).asMap().forEach(message::setHeader);
        message.setBody(body);
    }

    /** {@code new_message} from the channel bot (as in Kommo's "outgoing bot message" example) into the chat. */
    private Map<String, Object> newMessage(OutgoingMessage outgoing, Instant now) {
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("id", kommo.botId());
        sender.put("ref_id", kommo.botId());
        sender.put("name", BOT_NAME);
        Map<String, Object> text = outgoing.media() != null ? fileMessage(outgoing.media()) : new LinkedHashMap<>();
        if (outgoing.media() == null) {
            text.put("type", "text");
            text.put("text", outgoing.content());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("timestamp", now.getEpochSecond());
        payload.put("msec_timestamp", now.toEpochMilli());
        // our message id: Kommo's idempotency key, a retried request creates no second message
        payload.put("msgid", outgoing.messageId().toString());
        payload.put("conversation_id", outgoing.conversationId().toString());
        payload.put("conversation_ref_id", outgoing.kommoChatId());
        payload.put("sender", sender);
        payload.put("message", text);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("event_type", "new_message");
        request.put("payload", payload);
        return request;
    }

    /**
     * A file message: {@code type} picture, video, voice or file by the content type, the caption as {@code text},
     * {@code media} a signed link to the stored item ({@link MediaLinks}) that Kommo downloads, {@code file_name} and
     * {@code file_size} (which Kommo requires for files, pictures and videos).
     */
    private Map<String, Object> fileMessage(OutgoingMedia media) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", switch (media.kind()) {
            case OutgoingMedia.IMAGE -> "picture";
            case OutgoingMedia.VIDEO -> "video";
            case OutgoingMedia.AUDIO -> "voice";
            default -> "file";
        });
        message.put("text", media.caption() == null ? "" : media.caption());
        message.put("media", media.publicUrl(links));
        message.put("file_name", media.filename() == null ? "file" : media.filename());
        message.put("file_size", media.size());
        return message;
    }

    private void recordResult(Exchange exchange) {
        String msgid = null;
        try {
            JsonNode answer = json.readTree(exchange.getMessage().getBody(String.class));
            JsonNode id = answer == null ? null : answer.path("new_message").path("msgid");
            msgid = id == null || !id.isTextual() || id.asText().isBlank() ? null : id.asText();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("Kommo accepted message {} but its answer is not JSON: {}",
                    exchange.getVariable(SendVariables.MESSAGE_ID), e.getMessage());
        }
        if (msgid == null) {
            LOG.warn("Kommo accepted message {} without new_message.msgid: its echo can only be recognised "
                    + "by the bot author", exchange.getVariable(SendVariables.MESSAGE_ID));
        }
        Delivery.record(exchange, DeliveryStatus.ACCEPTED, msgid);
    }
}
