package io.wagateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.media.MediaFiles;
import io.wagateway.outbound.DeliveryStatus;
import io.wagateway.outbound.OutboundEnqueueRoutes;
import io.wagateway.security.ApiAuthenticationFilter;
import io.wagateway.sql.Sql;
import io.wagateway.worker.Nudge;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.springframework.stereotype.Component;

/**
 * The REST API, on the REST DSL over platform-http (the webhooks' server), made from the OpenAPI document
 * ({@link ApiContract}, served as written at {@code GET /api/openapi.json}): one verb per operation, routed to
 * {@code direct:<operationId>}; the application does not start when the operations and the routes below are not
 * the same. The bearer token is checked by {@link ApiAuthenticationFilter} before any of this runs; errors are
 * answered by {@link ApiErrorHandling}. Each route (one per endpoint: the REST DSL inlines the {@code direct:}
 * route)
 * 1. checks its parameters into the SQL parameter map, which becomes the body,
 * 2. drops every request header, so that nothing from the request but the checked values can reach a
 *    statement (camel-sql reads named parameters from headers too) or be echoed in the answer,
 * 3. queries, and answers JSON ({@link ApiJson}).
 * The writes read their JSON body into a record and check it ({@link ApiRequests}) the same way; messages go
 * through the window-aware enqueue of {@link OutboundEnqueueRoutes}; a failed message tried again goes back to
 * the send queue ({@code kommo_messages/retry-failed.sql}).
 */
@Component
public class ApiRoutes extends RouteBuilder {

    private final ApiJson apiJson;
    private final ApiContract contract;
    private final MediaFiles mediaFiles;
    private final ConversationOutsideWindow outsideWindow;

    public ApiRoutes(ApiJson apiJson, ObjectMapper json, MediaFiles mediaFiles,
                     ConversationOutsideWindow outsideWindow) {
        this.apiJson = apiJson;
        this.contract = ApiContract.load(json);
        this.mediaFiles = mediaFiles;
        this.outsideWindow = outsideWindow;
    }

    @Override
    public void configure() {
        RestDefinition api = rest().description(contract.title()).produces(ApiJson.CONTENT_TYPE);
        for (ApiContract.Operation operation : contract.operations()) {
            api.verb(operation.method(), operation.path()).description(operation.summary())
                    .to("direct:" + operation.id());
        }

        // Each direct: route is inlined into its REST route and keeps the api-errors clauses (Camel applies
        // them before inlining, so the inlined route reports no configuration id, e.g. in Hawtio).
        from("direct:listConversations").routeId("api-list-conversations")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setVariable("filter", method("apiParameters", "conversationFilter"))
                    .id("api-list-conversations-read-filter")
                .removeHeaders("*").id("api-list-conversations-drop-headers")
                .setBody(variable("filter")).id("api-list-conversations-filter-as-parameters")
                .to(Sql.statement("kommo_conversations/list")).id("api-conversations-select")
                .process(exchange -> outsideWindow.add(exchange.getMessage().getBody()))
                    .id("api-list-conversations-outside-window")
                .setBody(method("apiJson", "conversationPage")).id("api-list-conversations-answer-json")
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE))
                    .id("api-list-conversations-answer-content-type");

        from("direct:getConversation").routeId("api-get-conversation")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiParameters", "conversationId")).id("api-get-conversation-read-parameters")
                .removeHeaders("*").id("api-get-conversation-drop-headers")
                .toV(Sql.selectOne("kommo_conversations/find-with-window"), null, "conversation")
                    .id("api-conversation-select")
                .filter(variable("conversation").isNull()).id("api-get-conversation-if-conversation-unknown")
                    .process(ApiRoutes::conversationNotFound).id("api-get-conversation-conversation-not-found")
                .end()
                .process(exchange -> outsideWindow.add(exchange.getVariable("conversation")))
                    .id("api-get-conversation-outside-window")
                .setBody(method("apiJson", "write(${variable.conversation})")).id("api-get-conversation-answer-json")
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE))
                    .id("api-get-conversation-answer-content-type");

        from("direct:listMessages").routeId("api-list-messages")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiParameters", "conversationId")).id("api-list-messages-read-parameters")
                .removeHeaders("*").id("api-list-messages-drop-headers")
                .toV(Sql.selectOne("kommo_conversations/find-with-window"), null, "conversation")
                    .id("api-messages-conversation-select")
                .filter(variable("conversation").isNull()).id("api-list-messages-if-conversation-unknown")
                    .process(ApiRoutes::conversationNotFound).id("api-list-messages-conversation-not-found")
                .end()
                .to(Sql.statement("kommo_messages/list-by-conversation")).id("api-messages-select")
                .setBody(method("apiJson", "messages")).id("api-list-messages-answer-json")
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE))
                    .id("api-list-messages-answer-content-type");

        from("direct:providerStats").routeId("api-provider-stats")
                .routeConfigurationId(ApiErrorHandling.ID)
                .removeHeaders("*").id("api-provider-stats-drop-headers")
                .setBody(constant(null)).id("api-provider-stats-no-parameters")
                .to(Sql.statement("active_conversations_by_provider/all")).id("api-provider-stats-select")
                .setBody(method("apiJson", "write")).id("api-provider-stats-answer-json")
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE))
                    .id("api-provider-stats-answer-content-type");

        // the console's charts: the last 24 hours by the hour, the last 14 days by the day
        statistics("trafficStats", "api-traffic-stats", "kommo_messages/traffic-by-hour");
        statistics("replyStats", "api-reply-stats", "kommo_messages/reply-times-by-hour");
        statistics("dailyStats", "api-daily-stats", "kommo_messages/templates-and-failures-by-day");

        // the consoles' short poll: which conversations changed, on any instance (ConversationChanges)
        from("direct:listChanges").routeId("api-list-changes")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiParameters", "changesCursor")).id("api-list-changes-read-parameters")
                .removeHeaders("*").id("api-list-changes-drop-headers")
                .setBody(method("conversationChanges", "since")).id("api-changes-read")
                .setBody(method("apiJson", "write")).id("api-list-changes-answer-json")
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE))
                    .id("api-list-changes-answer-content-type");

        // the writes: the checked request is the body, the request's headers are dropped before any statement
        from("direct:updateConversationStatus").routeId("api-update-conversation")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiRequests", "statusChange")).id("api-update-conversation-read-request")
                .removeHeaders("*").id("api-update-conversation-drop-headers")
                .toV(Sql.selectOne("kommo_conversations/update-status"), null, "updated")
                    .id("api-conversation-status-update")
                .process(ApiRoutes::checkStatusUpdated).id("api-update-conversation-check-updated")
                .toV(Sql.selectOne("kommo_conversations/find-with-window"), null, "conversation")
                    .id("api-updated-conversation-select")
                .filter(variable("conversation").isNull()).id("api-update-conversation-if-conversation-unknown")
                    .process(ApiRoutes::conversationNotFound).id("api-update-conversation-conversation-not-found")
                .end()
                .process(exchange -> outsideWindow.add(exchange.getVariable("conversation")))
                    .id("api-update-conversation-outside-window")
                .log("Conversation ${variable.conversation[id]} is now ${variable.conversation[status]} (API)")
                    .id("api-update-conversation-log")
                .setBody(method("apiJson", "write(${variable.conversation})")).id("api-update-conversation-answer-json")
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE))
                    .id("api-update-conversation-answer-content-type");

        from("direct:sendMessage").routeId("api-send-message")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiRequests", "conversationMessage")).id("api-send-message-read-request")
                .removeHeaders("*").id("api-send-message-drop-headers")
                .to("direct:outbound-enqueue").id("api-message-enqueue")
                .process(this::enqueuedAnswer).id("api-send-message-answer");

        from("direct:startConversation").routeId("api-start-conversation")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiRequests", "newConversation")).id("api-start-conversation-read-request")
                .removeHeaders("*").id("api-start-conversation-drop-headers")
                .to("direct:outbound-start").id("api-conversation-start")
                .process(this::enqueuedAnswer).id("api-start-conversation-answer");

        // the dead letters of the send path: what finally failed, and trying one again on purpose
        from("direct:listFailures").routeId("api-list-failures")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setVariable("filter", method("apiParameters", "failureFilter")).id("api-list-failures-read-filter")
                .removeHeaders("*").id("api-list-failures-drop-headers")
                .setBody(variable("filter")).id("api-list-failures-filter-as-parameters")
                .to(Sql.statement("kommo_messages/list-failures")).id("api-failures-select")
                .setBody(method("apiJson", "failurePage")).id("api-list-failures-answer-json")
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE))
                    .id("api-list-failures-answer-content-type");

        from("direct:retryFailure").routeId("api-retry-failure")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiParameters", "messageId")).id("api-retry-failure-read-parameters")
                .removeHeaders("*").id("api-retry-failure-drop-headers")
                .toV(Sql.selectOne("kommo_messages/retry-failed"), null, "retry").id("api-failure-retry")
                .process(ApiRoutes::checkRetried).id("api-retry-failure-check-retried")
                .log("Message ${variable.retry[messageId]} sent again on an operator's request "
                        + "(retry ${variable.retry[operatorRetries]})").id("api-retry-failure-log")
                .to(Nudge.SEND).id("send-nudge-after-retry")
                .process(this::retryAnswer).id("api-retry-failure-answer");

        // media: a file uploaded to send (streamed into the media store, then its row), and any stored file read back
        from("direct:uploadMedia").routeId("api-upload-media")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("mediaUploads", "store")).id("api-upload-media-store")
                .removeHeaders("*").id("api-upload-media-drop-headers")
                .toV(Sql.selectOne("media/insert-upload"), null, "media").id("api-media-insert")
                .log("Uploaded media ${variable.media[id]} (${variable.media[contentType]}, ${variable.media[size]} "
                        + "bytes)").id("api-upload-media-log")
                .process(this::uploadAnswer).id("api-upload-media-answer");

        from("direct:getMedia").routeId("api-get-media")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiParameters", "mediaId")).id("api-get-media-read-parameters")
                .removeHeaders("*").id("api-get-media-drop-headers")
                .toV(Sql.selectOne("media/find-by-id"), null, "media").id("api-media-select")
                .process(exchange -> mediaFiles.answer(exchange, exchange.getVariable("media", Map.class),
                        exchange.getMessage().getBody(Map.class).get("mediaId"))).id("api-get-media-answer");

        byte[] openApi = contract.document();
        from("direct:openApi").routeId("api-openapi")
                .routeConfigurationId(ApiErrorHandling.ID)
                .removeHeaders("*").id("api-openapi-drop-headers")
                .setBody(constant(openApi)).id("api-openapi-document")
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE)).id("api-openapi-answer-content-type");

        // what rest().openApi()'s missingOperation=fail checks, and the other way round
        contract.check(getRouteCollection().getRoutes().stream()
                .map(route -> route.getInput().getEndpointUri()).toList());
    }

    /** A read-only statistic without parameters: the statement's rows, as JSON. */
    private void statistics(String operationId, String routeId, String statement) {
        from("direct:" + operationId).routeId(routeId)
                .routeConfigurationId(ApiErrorHandling.ID)
                .removeHeaders("*").id(routeId + "-drop-headers")
                .setBody(constant(null)).id(routeId + "-no-parameters")
                .to(Sql.statement(statement)).id(routeId + "-select")
                .setBody(method("apiJson", "write")).id(routeId + "-answer-json")
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE)).id(routeId + "-answer-content-type");
    }

    /**
     * {@code 201} when the message goes out as written, {@code 202} when it goes out as the fallback template
     * or waits for the window: {@code {"messageId", "conversationId", "delivery", "deliveryStatus"}}.
     */
    private void enqueuedAnswer(Exchange exchange) {
        Map<?, ?> enqueued = exchange.getMessage().getBody(Map.class);
        boolean sent = OutboundEnqueueRoutes.SENT.equals(enqueued.get("delivery"));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, sent ? 201 : 202);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, ApiJson.CONTENT_TYPE);
        exchange.getMessage().setBody(apiJson.write(enqueued));
    }

    /** {@code 201 {"id", "contentType", "size", "filename", "status": "stored"}}. */
    private void uploadAnswer(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, ApiJson.CONTENT_TYPE);
        exchange.getMessage().setBody(apiJson.write(exchange.getVariable("media", Map.class)));
    }

    /** {@code 404} unknown conversation, {@code 409} one merged into another (it changes no more). */
    private static void checkStatusUpdated(Exchange exchange) {
        Map<?, ?> updated = exchange.getVariable("updated", Map.class);
        if (updated == null) {
            conversationNotFound(exchange);
        }
        if (!Boolean.TRUE.equals(updated.get("updated"))) {
            throw new ApiException(409, "conversation merged", "conversation " + updated.get("id") + " was merged into "
                    + updated.get("mergedInto") + " (the same WhatsApp user); change that one");
        }
    }

    /** {@code 404} unknown message, {@code 409} a message that is not failed or whose conversation is closed. */
    private static void checkRetried(Exchange exchange) {
        Map<?, ?> retry = exchange.getVariable("retry", Map.class);
        Object messageId = exchange.getMessage().getBody(Map.class).get("messageId");
        if (retry == null) {
            throw ApiException.notFound("outgoing message", messageId);
        }
        if (!Boolean.TRUE.equals(retry.get("retried"))) {
            throw "closed".equals(retry.get("conversationStatus"))
                    ? new ApiException(409, "conversation closed", "message " + messageId + " belongs to conversation "
                            + retry.get("conversationId") + ", which is closed; set its status to active "
                            + "(PATCH /api/conversations/{id}) to send to it again")
                    : new ApiException(409, "message not failed", "message " + messageId + " is "
                            + retry.get("previousStatus") + "; only a failed message can be retried");
        }
    }

    /** {@code 202 {"messageId", "conversationId", "deliveryStatus": "pending", "operatorRetries"}}. */
    private void retryAnswer(Exchange exchange) {
        Map<?, ?> retry = exchange.getVariable("retry", Map.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("messageId", retry.get("messageId"));
        answer.put("conversationId", retry.get("conversationId"));
        answer.put("provider", retry.get("provider"));
        answer.put("deliveryStatus", DeliveryStatus.PENDING);
        answer.put("operatorRetries", retry.get("operatorRetries"));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, ApiJson.CONTENT_TYPE);
        exchange.getMessage().setBody(apiJson.write(answer));
    }

    /** 404: the body is still the checked parameters, so the answer names the id asked for. */
    private static void conversationNotFound(Exchange exchange) {
        throw ApiException.notFound("conversation", exchange.getMessage().getBody(Map.class).get("conversationId"));
    }
}
