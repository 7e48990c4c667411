package io.wagateway.outbound;

import static io.wagateway.outbound.SendVariables.AUTHOR;
import static io.wagateway.outbound.SendVariables.CAPTION;
import static io.wagateway.outbound.SendVariables.CONTACT_NAME;
import static io.wagateway.outbound.SendVariables.CONVERSATION;
import static io.wagateway.outbound.SendVariables.CONVERSATION_ID;
import static io.wagateway.outbound.SendVariables.DELIVERY_STATUS;
import static io.wagateway.outbound.SendVariables.ENQUEUED;
import static io.wagateway.outbound.SendVariables.MEDIA;
import static io.wagateway.outbound.SendVariables.MEDIA_ID;
import static io.wagateway.outbound.SendVariables.MESSAGE_ID;
import static io.wagateway.outbound.SendVariables.MESSAGE_TYPE;
import static io.wagateway.outbound.SendVariables.PARENT_USER_ID;
import static io.wagateway.outbound.SendVariables.PHONE;
import static io.wagateway.outbound.SendVariables.PROVIDER;
import static io.wagateway.outbound.SendVariables.STORED_MEDIA;
import static io.wagateway.outbound.SendVariables.TEMPLATE_CARRIES;
import static io.wagateway.outbound.SendVariables.TEMPLATE_CONFIGURED;
import static io.wagateway.outbound.SendVariables.TEXT;
import static io.wagateway.outbound.SendVariables.USERNAME;
import static io.wagateway.outbound.SendVariables.USER_ID;

import io.wagateway.canonical.Provider;
import io.wagateway.http.RefusedRequest;
import io.wagateway.media.MediaFiles;
import io.wagateway.media.MediaLinks;
import io.wagateway.operations.Correlation;
import io.wagateway.sql.InTransaction;
import io.wagateway.sql.Sql;
import io.wagateway.sql.SqlParameters;
import io.wagateway.worker.Nudge;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The one way a message that is not the AI's reply enters the send queue: a person of the team
 * ({@code author = "agent"}) or the system ({@code "system"}) writing to a conversation, through the
 * 24-hour window policy of the database ({@code kommo_messages/insert-outbound.sql}, which uses V4's
 * {@code whatsapp_window_*} functions; the rule is not repeated here).
 *
 * <p>{@code direct:outbound-enqueue} (route {@code outbound-enqueue}): body a map
 * {@code {conversationId (UUID), text, author ("agent"|"system", default "agent"), templateConfigured
 * (optional Boolean; absent: whether the conversation's provider has a fallback template configured,
 * TWILIO_FALLBACK_CONTENT_SID / META_FALLBACK_TEMPLATE)}}. The conversation is read ({@link TargetConversation})
 * and what can be refused is refused first; then, in one transaction ({@code outbound-enqueue-tx}), one statement
 * locks the conversation, decides the delivery and stores the message as the assistant side of the conversation
 * ({@code role 'assistant'}, {@code message_type 'text'}, {@code metadata {"author": ...}}); after the commit
 * a pending message wakes the send worker ({@link Nudge#SEND}). Out: the body becomes
 * {@code {messageId, conversationId, delivery ("sent"|"template"|"queued"), deliveryStatus ("pending"|"queued")}}.
 *
 * <p>{@code direct:outbound-start} (route {@code outbound-start}): a conversation started by the business.
 * Body {@code {provider ("twilio"|"meta"), phone and/or userId (the BSUID), contactName (may be null), text,
 * author, templateConfigured?}}; find-or-create the conversation of that user
 * ({@code find-or-create-whatsapp.sql}, the statement inbound messages use) and the same statement, in one
 * transaction ({@code outbound-start-tx}): a message refused there leaves no new or touched conversation behind.
 *
 * <p>With {@code media} ({@code {mediaId} (a stored item, read with {@code media/find-by-id.sql}) or {url,
 * contentType?, filename?}}, and {@code caption}) the text is optional: the message is an {@code image} or a
 * {@code file} whose {@code metadata.media} keeps {@code {mediaId|url, contentType, filename, caption}} for the send
 * worker, which resolves it when it sends ({@code claim-outgoing.sql}); its content is the caption, else a description
 * ("[document: receipt.pdf]"). A template cannot carry media: outside the window it waits queued. Refused for media:
 * a type the provider does not accept, a caption too long ({@link OutboundMedia}), an unknown ({@code 404}) or not
 * stored ({@code 409}) item, a stored item for Twilio or Kommo without {@code PUBLIC_BASE_URL} ({@code 409}: they
 * fetch it from a signed link, {@link MediaLinks}), a URL for Kommo ({@code 400}: its file message needs the size).
 *
 * <p>Refusals are {@link RefusedRequest}s the HTTP routes answer as they are: {@code 404} unknown
 * conversation, {@code 409} closed conversation (also when it is closed between the check and the
 * statement), {@code 400} text missing or longer than the provider's limit ({@link MessageSplitter#limitOf}:
 * a person's text is not split), unknown author. Failures reach the caller's error policy (no error handler
 * here, see {@link InTransaction}); the request's headers are dropped first so that none can fill in a
 * SQL parameter.
 */
@Component
public class OutboundEnqueueRoutes extends RouteBuilder {

    public static final String AGENT = "agent";
    public static final String SYSTEM = "system";
    public static final List<String> AUTHORS = List.of(AGENT, SYSTEM);

    public static final String SENT = "sent";
    public static final String TEMPLATE = "template";
    public static final String QUEUED = "queued";

    static final String TEXT_TYPE = "text";

    private final OutboundWindow window;
    private final SendMetrics metrics;
    private final InTransaction transaction;
    private final MediaLinks links;
    private final SqlParameters json;

    public OutboundEnqueueRoutes(OutboundWindow window, SendMetrics metrics, InTransaction transaction,
                                 MediaLinks links, SqlParameters json) {
        this.window = window;
        this.metrics = metrics;
        this.transaction = transaction;
        this.links = links;
        this.json = json;
    }

    /** Whether messages of this provider can go out as a fallback template outside the 24-hour window. */
    public boolean templateConfigured(Provider provider) {
        return window.hasTemplate(provider.id());
    }

    @Override
    public void configure() {
        // what can be refused is refused before the transaction (a refusal is no failure: nothing to roll back)
        from("direct:outbound-enqueue").routeId("outbound-enqueue")
                .errorHandler(noErrorHandler())
                .removeHeaders("*").id("outbound-enqueue-headers-drop")
                .process(OutboundEnqueueRoutes::checkMessage).id("outbound-enqueue-check-message")
                .toV(Sql.selectOne(SendStatements.FIND_CONVERSATION_BY_ID), null, CONVERSATION)
                    .id("outbound-conversation-select")
                .process(this::checkConversation).id("outbound-enqueue-check-conversation")
                .filter(exchange -> parameters(exchange).get(MEDIA_ID) != null).id("outbound-enqueue-if-stored-media")
                    .toV(Sql.selectOne(SendStatements.FIND_MEDIA), null, STORED_MEDIA).id("outbound-media-select")
                .end()
                .process(this::checkMedia).id("outbound-enqueue-check-media")
                .to("direct:outbound-enqueue-tx").id("outbound-enqueue-commit")
                .process(metrics::enqueued).id("outbound-enqueue-count")
                .filter(OutboundEnqueueRoutes::pending).id("outbound-enqueue-if-pending")
                    .to(Nudge.SEND).id("send-nudge-after-enqueue")
                .end();

        from("direct:outbound-enqueue-tx").routeId("outbound-enqueue-tx")
                .errorHandler(noErrorHandler())
                .policy(transaction).id("outbound-enqueue-transaction")
                .toV(Sql.selectOne(SendStatements.INSERT_OUTBOUND), null, ENQUEUED).id("outbound-insert")
                .process(OutboundEnqueueRoutes::answer).id("outbound-enqueue-answer")
                // the message's own id: its send is logged with it too
                .process(Correlation.fromBody(MESSAGE_ID)).id("outbound-enqueue-correlation")
                .log("Enqueued ${body[delivery]} message ${body[messageId]} (${variable.author}) in conversation "
                        + "${body[conversationId]}").id("outbound-enqueue-log");

        from("direct:outbound-start").routeId("outbound-start")
                .errorHandler(noErrorHandler())
                .removeHeaders("*").id("outbound-start-headers-drop")
                .process(this::checkStart).id("outbound-start-check-message")
                .toV(Sql.selectOne(SendStatements.FIND_CONVERSATION_BY_USER), null, CONVERSATION)
                    .id("outbound-conversation-by-user-select")
                .process(OutboundEnqueueRoutes::checkStartedConversation).id("outbound-start-check-conversation")
                .to("direct:outbound-start-tx").id("outbound-start-commit")
                .process(metrics::enqueued).id("outbound-start-count")
                .filter(OutboundEnqueueRoutes::pending).id("outbound-start-if-pending")
                    .to(Nudge.SEND).id("send-nudge-after-start")
                .end();

        // the conversation is created only together with its first message: a refusal rolls both back
        from("direct:outbound-start-tx").routeId("outbound-start-tx")
                .errorHandler(noErrorHandler())
                .policy(transaction).id("outbound-start-transaction")
                .toV(Sql.selectOne(SendStatements.FIND_OR_CREATE_WHATSAPP), null, CONVERSATION_ID)
                    .id("outbound-find-or-create-whatsapp")
                .process(exchange -> parameters(exchange).put(CONVERSATION_ID, exchange.getVariable(CONVERSATION_ID)))
                    .id("outbound-start-conversation-id")
                .toV(Sql.selectOne(SendStatements.INSERT_OUTBOUND), null, ENQUEUED).id("outbound-start-insert")
                .process(OutboundEnqueueRoutes::answer).id("outbound-start-answer")
                .process(Correlation.fromBody(MESSAGE_ID)).id("outbound-start-correlation")
                .log("Started conversation ${body[conversationId]} with ${body[delivery]} message ${body[messageId]} "
                        + "(${variable.author})").id("outbound-start-log");
    }

    /** The parameters of the enqueue, in a map of their own: nothing else from the caller reaches the SQL. */
    private static void checkMessage(Exchange exchange) {
        Map<?, ?> in = exchange.getMessage().getBody(Map.class);
        if (in == null) {
            throw new IllegalArgumentException("outbound-enqueue needs a map body");
        }
        Object id = in.get(CONVERSATION_ID);
        Map<String, Object> parameters = message(in);
        parameters.put(CONVERSATION_ID, id instanceof UUID uuid ? uuid : UUID.fromString(String.valueOf(id)));
        exchange.getMessage().setBody(parameters);
        exchange.setVariable(AUTHOR, parameters.get(AUTHOR));
    }

    /**
     * text (non-blank string; optional with media), author (default agent), templateConfigured as given, the media
     * (a map, made the metadata by {@link #checkMedia}) and its caption.
     */
    private static Map<String, Object> message(Map<?, ?> in) {
        Object text = in.get(TEXT);
        Object media = in.get(MEDIA);
        if (media != null && !(media instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the media of an enqueue is a map");
        }
        if ((media == null || text != null) && (!(text instanceof String s) || s.isBlank())) {
            throw new RefusedRequest(400, "invalid field text", "text must be a non-blank string");
        }
        Object author = in.get(AUTHOR) == null ? AGENT : in.get(AUTHOR);
        if (!AUTHORS.contains(author)) {
            throw new RefusedRequest(400, "invalid field author", "author must be one of "
                    + String.join(", ", AUTHORS));
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put(TEXT, text);
        parameters.put(AUTHOR, author);
        parameters.put(MEDIA, media);
        parameters.put(MEDIA_ID, media == null ? null : ((Map<?, ?>) media).get(MEDIA_ID));
        parameters.put(CAPTION, in.get(CAPTION));
        parameters.put(MESSAGE_TYPE, TEXT_TYPE);
        parameters.put(TEMPLATE_CONFIGURED, in.get(TEMPLATE_CONFIGURED) instanceof Boolean b ? b : null);
        return parameters;
    }

    /** 404, 400 (too long for the provider), 409 (closed); then whether a template is configured. */
    private void checkConversation(Exchange exchange) {
        Map<String, Object> parameters = parameters(exchange);
        TargetConversation conversation = readConversation(exchange);
        if (conversation == null) {
            throw notFound(parameters.get(CONVERSATION_ID));
        }
        Provider provider = Provider.fromId(conversation.provider());
        exchange.setVariable(PROVIDER, provider.id());
        if (parameters.get(TEXT) != null) {
            checkLength((String) parameters.get(TEXT), provider);
        }
        if (conversation.closed()) {
            throw closed(parameters.get(CONVERSATION_ID));
        }
        if (conversation.merged()) {
            throw merged(parameters.get(CONVERSATION_ID), conversation.mergedInto());
        }
        if (parameters.get(TEMPLATE_CONFIGURED) == null) {
            parameters.put(TEMPLATE_CONFIGURED, templateConfigured(provider));
        }
        // a template carries text, never media
        parameters.put(TEMPLATE_CARRIES, parameters.get(MEDIA) == null
                && templateCarries((String) parameters.get(TEXT)));
    }

    /**
     * The media of the message checked for its provider and made its {@code metadata.media} (JSON), its type and its
     * content (the caption, else a description); nothing for a message without media.
     */
    private void checkMedia(Exchange exchange) {
        Map<String, Object> parameters = parameters(exchange);
        Map<?, ?> media = (Map<?, ?>) parameters.get(MEDIA);
        if (media == null) {
            return;
        }
        Provider provider = Provider.fromId(exchange.getVariable(PROVIDER, String.class));
        Object mediaId = parameters.get(MEDIA_ID);
        String url = (String) media.get("url");
        String contentType = (String) media.get("contentType");
        String filename = (String) media.get("filename");
        if (mediaId != null) {
            Map<?, ?> stored = exchange.getVariable(STORED_MEDIA, Map.class);
            MediaFiles.requireStored(stored, mediaId);
            contentType = (String) stored.get("contentType");
            filename = filename != null ? filename : (String) stored.get("filename");
            if (provider != Provider.META && !links.canLink()) {
                throw new RefusedRequest(409, "no public link", provider.id() + " fetches a stored media item from "
                        + "a signed link under PUBLIC_BASE_URL, which is not set; set it, or send an https URL");
            }
        } else if (provider == Provider.KOMMO) {
            throw new RefusedRequest(400, "invalid field media", "kommo's file message needs the file's size: upload "
                    + "it (POST /api/media) and send its id");
        } else if (contentType == null) {
            contentType = OutboundMedia.typeOfName(filename);
        }
        OutboundMedia.checkType(provider, contentType);
        String caption = (String) parameters.get(CAPTION);
        OutboundMedia.checkCaption(provider, caption, contentType);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(MEDIA_ID, mediaId == null ? null : mediaId.toString());
        metadata.put("url", url);
        metadata.put("contentType", contentType);
        metadata.put("filename", filename);
        metadata.put(CAPTION, caption);
        String kind = OutgoingMedia.kindOf(contentType);
        parameters.put(MEDIA, json.toJson(metadata));
        parameters.put(MESSAGE_TYPE, OutgoingMedia.IMAGE.equals(kind) ? "image" : "file");
        parameters.put(TEXT, caption != null ? caption : "[" + kind + (filename == null ? "" : ": " + filename) + "]");
        parameters.put(TEMPLATE_CARRIES, false);
    }

    /** Whether the text goes out as the template's variable outside the window ({@code WINDOW_FALLBACK=text}). */
    private boolean templateCarries(String text) {
        return window.fallback() == WindowFallback.TEXT && window.templateCarries(text);
    }

    /** 409 for the conversation the user already has when it is closed, or the user opted out. */
    private static void checkStartedConversation(Exchange exchange) {
        TargetConversation conversation = readConversation(exchange);
        if (conversation == null) {
            return;
        }
        if (conversation.closed()) {
            throw closed(conversation.id());
        }
        if (conversation.optedOut()) {
            throw optedOut(conversation.id());
        }
    }

    /** provider (twilio or meta), phone, contactName, and the message; then whether a template is configured. */
    private void checkStart(Exchange exchange) {
        Map<?, ?> in = exchange.getMessage().getBody(Map.class);
        Object provider = in == null ? null : in.get(PROVIDER);
        if (!Provider.TWILIO.id().equals(provider) && !Provider.META.id().equals(provider)) {
            throw new RefusedRequest(400, "invalid field provider", "provider must be twilio or meta");
        }
        if (!isNullOrString(in.get(PHONE)) || !isNullOrString(in.get(USER_ID))
                || !isNullOrString(in.get(CONTACT_NAME)) || (in.get(PHONE) == null && in.get(USER_ID) == null)) {
            throw new IllegalArgumentException("outbound-start needs a phone or a userId, and a contactName, that are "
                    + "strings");
        }
        if (in.get(MEDIA) != null) {
            throw new IllegalArgumentException("outbound-start takes no media");
        }
        Map<String, Object> parameters = message(in);
        checkLength((String) parameters.get(TEXT), Provider.fromId((String) provider));
        parameters.put(PROVIDER, provider);
        parameters.put(PHONE, in.get(PHONE));
        parameters.put(USER_ID, in.get(USER_ID));
        parameters.put(USERNAME, null);
        parameters.put(PARENT_USER_ID, null);
        parameters.put(CONTACT_NAME, in.get(CONTACT_NAME));
        if (parameters.get(TEMPLATE_CONFIGURED) == null) {
            parameters.put(TEMPLATE_CONFIGURED, templateConfigured(Provider.fromId((String) provider)));
        }
        parameters.put(TEMPLATE_CARRIES, templateCarries((String) parameters.get(TEXT)));
        exchange.getMessage().setBody(parameters);
        exchange.setVariable(AUTHOR, parameters.get(AUTHOR));
        exchange.setVariable(PROVIDER, provider);
    }

    private static boolean isNullOrString(Object value) {
        return value == null || value instanceof String;
    }

    /** The answer of the statement; none, or no message, when the conversation went away or was closed meanwhile. */
    private static void answer(Exchange exchange) {
        Map<String, Object> parameters = parameters(exchange);
        Map<?, ?> enqueued = exchange.getVariable(ENQUEUED, Map.class);
        if (enqueued == null) {
            throw notFound(parameters.get(CONVERSATION_ID));
        }
        if ("opted_out".equals(enqueued.get("delivery"))) {
            throw optedOut(parameters.get(CONVERSATION_ID));
        }
        if (enqueued.get(MESSAGE_ID) == null) {
            throw closed(parameters.get(CONVERSATION_ID));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(MESSAGE_ID, enqueued.get(MESSAGE_ID));
        result.put(CONVERSATION_ID, enqueued.get(CONVERSATION_ID));
        result.put("delivery", enqueued.get("delivery"));
        result.put(DELIVERY_STATUS, enqueued.get(DELIVERY_STATUS));
        exchange.getMessage().setBody(result);
    }

    /** The stored message waits for the send worker. */
    private static boolean pending(Exchange exchange) {
        return DeliveryStatus.PENDING.equals(exchange.getMessage().getBody(Map.class).get(DELIVERY_STATUS));
    }

    /** The longest text one message of the provider may carry: an agent's text is not split. */
    public static void checkLength(String text, Provider provider) {
        int limit = MessageSplitter.limitOf(provider);
        if (text.length() > limit) {
            throw new RefusedRequest(400, "invalid field text", "text must be at most " + limit
                    + " characters for " + provider.id() + " (it has " + text.length() + ")");
        }
    }

    /** The conversation the find statement returned ({@code null}: none), as a record. */
    private static TargetConversation readConversation(Exchange exchange) {
        TargetConversation conversation = TargetConversation.from(exchange.getVariable(CONVERSATION, Map.class));
        exchange.setVariable(CONVERSATION, conversation);
        return conversation;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters(Exchange exchange) {
        return exchange.getMessage().getBody(Map.class);
    }

    private static RefusedRequest notFound(Object conversationId) {
        return new RefusedRequest(404, "conversation not found", "no conversation with id " + conversationId);
    }

    private static RefusedRequest optedOut(Object conversationId) {
        return new RefusedRequest(409, "user opted out", "the user of conversation " + conversationId + " opted out "
                + "of templates and proactive messages (STOP); they can be written to again within 24 hours of a "
                + "message of theirs, or once they send START");
    }

    private static RefusedRequest merged(Object conversationId, Object mergedInto) {
        return new RefusedRequest(409, "conversation merged", "conversation " + conversationId + " was merged into "
                + mergedInto + " (the same WhatsApp user); write to that one");
    }

    private static RefusedRequest closed(Object conversationId) {
        return new RefusedRequest(409, "conversation closed", "conversation " + conversationId
                + " is closed; set its status to active (PATCH /api/conversations/{id}) to write to it again");
    }
}
