package io.wagateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.security.ApiAuthenticationFilter;
import io.wagateway.sql.Sql;
import io.wagateway.outbound.DeliveryStatus;
import io.wagateway.worker.Nudge;
import io.wagateway.outbound.OutboundEnqueueRoutes;
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

    public ApiRoutes(ApiJson apiJson, ObjectMapper json) {
        this.apiJson = apiJson;
        this.contract = ApiContract.load(json);
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
                .removeHeaders("*")
                .setBody(variable("filter"))
                .to(Sql.statement("kommo_conversations/list")).id("api-conversations-select")
                .setBody(method("apiJson", "conversationPage"))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        from("direct:getConversation").routeId("api-get-conversation")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiParameters", "conversationId"))
                .removeHeaders("*")
                .toV(Sql.selectOne("kommo_conversations/find-with-window"), null, "conversation")
                    .id("api-conversation-select")
                .filter(variable("conversation").isNull())
                    .process(ApiRoutes::conversationNotFound)
                .end()
                .setBody(method("apiJson", "write(${variable.conversation})"))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        from("direct:listMessages").routeId("api-list-messages")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiParameters", "conversationId"))
                .removeHeaders("*")
                .toV(Sql.selectOne("kommo_conversations/find-with-window"), null, "conversation")
                    .id("api-messages-conversation-select")
                .filter(variable("conversation").isNull())
                    .process(ApiRoutes::conversationNotFound)
                .end()
                .to(Sql.statement("kommo_messages/list-by-conversation")).id("api-messages-select")
                .setBody(method("apiJson", "messages"))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        from("direct:providerStats").routeId("api-provider-stats")
                .routeConfigurationId(ApiErrorHandling.ID)
                .removeHeaders("*")
                .setBody(constant(null))
                .to(Sql.statement("active_conversations_by_provider/all")).id("api-provider-stats-select")
                .setBody(method("apiJson", "write"))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        // the writes: the checked request is the body, the request's headers are dropped before any statement
        from("direct:updateConversationStatus").routeId("api-update-conversation")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiRequests", "statusChange"))
                .removeHeaders("*")
                .toV(Sql.selectOne("kommo_conversations/update-status"), null, "updated")
                    .id("api-conversation-status-update")
                .process(ApiRoutes::checkStatusUpdated)
                .toV(Sql.selectOne("kommo_conversations/find-with-window"), null, "conversation")
                    .id("api-updated-conversation-select")
                .filter(variable("conversation").isNull())
                    .process(ApiRoutes::conversationNotFound)
                .end()
                .log("Conversation ${variable.conversation[id]} is now ${variable.conversation[status]} (API)")
                .setBody(method("apiJson", "write(${variable.conversation})"))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        from("direct:sendMessage").routeId("api-send-message")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiRequests", "conversationMessage"))
                .removeHeaders("*")
                .to("direct:outbound-enqueue").id("api-message-enqueue")
                .process(this::enqueuedAnswer);

        from("direct:startConversation").routeId("api-start-conversation")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiRequests", "newConversation"))
                .removeHeaders("*")
                .to("direct:outbound-start").id("api-conversation-start")
                .process(this::enqueuedAnswer);

        // the dead letters of the send path: what finally failed, and trying one again on purpose
        from("direct:listFailures").routeId("api-list-failures")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setVariable("filter", method("apiParameters", "failureFilter"))
                .removeHeaders("*")
                .setBody(variable("filter"))
                .to(Sql.statement("kommo_messages/list-failures")).id("api-failures-select")
                .setBody(method("apiJson", "failurePage"))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        from("direct:retryFailure").routeId("api-retry-failure")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiParameters", "messageId"))
                .removeHeaders("*")
                .toV(Sql.selectOne("kommo_messages/retry-failed"), null, "retry").id("api-failure-retry")
                .process(ApiRoutes::checkRetried)
                .log("Message ${variable.retry[messageId]} sent again on an operator's request "
                        + "(retry ${variable.retry[operatorRetries]})")
                .to(Nudge.SEND).id("send-nudge-after-retry")
                .process(this::retryAnswer);

        byte[] openApi = contract.document();
        from("direct:openApi").routeId("api-openapi")
                .routeConfigurationId(ApiErrorHandling.ID)
                .removeHeaders("*")
                .setBody(constant(openApi))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        // what rest().openApi()'s missingOperation=fail checks, and the other way round
        contract.check(getRouteCollection().getRoutes().stream()
                .map(route -> route.getInput().getEndpointUri()).toList());
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
