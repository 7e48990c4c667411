package io.wagateway.api;

import io.wagateway.security.ApiAuthenticationFilter;
import io.wagateway.sql.Sql;
import io.wagateway.outbound.DeliveryStatus;
import io.wagateway.worker.Nudge;
import io.wagateway.outbound.OutboundEnqueueRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * The REST API, on the REST DSL over platform-http (the webhooks' server). The bearer
 * token is checked by {@link ApiAuthenticationFilter} before any of this runs; errors are answered by
 * {@link ApiErrorHandling}. Each route (one per endpoint: the REST DSL inlines the {@code direct:} route)
 * 1. checks its parameters into the SQL parameter map, which becomes the body,
 * 2. drops every request header, so that nothing from the request but the checked values can reach a
 *    statement (camel-sql reads named parameters from headers too) or be echoed in the answer,
 * 3. queries, and answers JSON ({@link ApiJson}).
 * The writes check their JSON body ({@link ApiRequests}) the same way; messages go through the window-aware
 * enqueue of {@link OutboundEnqueueRoutes}; a failed message tried again goes back to the send queue
 * ({@code kommo_messages/retry-failed.sql}). Every endpoint is in the OpenAPI document
 * ({@value #OPENAPI_RESOURCE}, served at {@code GET /api/openapi.json}; a test keeps both in step).
 */
@Component
public class ApiRoutes extends RouteBuilder {

    static final String OPENAPI_RESOURCE = "/api/openapi.json";

    private final ApiJson apiJson;

    public ApiRoutes(ApiJson apiJson) {
        this.apiJson = apiJson;
    }

    @Override
    public void configure() {
        rest("/api").description("wa-gateway REST API").produces(ApiJson.CONTENT_TYPE)
                .get("/conversations").description("Conversations, newest last_message_at first")
                    .param().name("provider").type(RestParamType.query).required(false)
                        .allowableValues(ApiParameters.PROVIDERS).endParam()
                    .param().name("status").type(RestParamType.query).required(false)
                        .allowableValues(ApiParameters.LISTED_STATUSES).endParam()
                    .param().name("phone").type(RestParamType.query).required(false)
                        .description("exact phone, e.g. %2B5511999990001").endParam()
                    .param().name("userId").type(RestParamType.query).required(false)
                        .description("exact WhatsApp user id (BSUID), e.g. BR.1582043977165209").endParam()
                    .param().name("limit").type(RestParamType.query).required(false).dataType("integer")
                        .description("1 to " + ApiParameters.MAX_LIMIT).endParam()
                    .param().name("offset").type(RestParamType.query).required(false).dataType("integer").endParam()
                    .to("direct:api-list-conversations")
                .get("/conversations/{id}").description("One conversation, with its 24-hour window")
                    .param().name("id").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:api-get-conversation")
                .get("/conversations/{id}/messages").description("The messages of a conversation, oldest first")
                    .param().name("id").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:api-list-messages")
                .patch("/conversations/{id}").description("Hand a conversation to a person (escalated), back to "
                        + "the AI (active), or close it; answers the conversation as GET does")
                    .param().name("id").type(RestParamType.path).dataType("string").endParam()
                    .param().name("body").type(RestParamType.body).description("{\"status\": \"active|escalated|closed\"}")
                        .endParam()
                    .to("direct:api-update-conversation")
                .post("/conversations/{id}/messages").description("A message of a person of the team or of the "
                        + "system, through the 24-hour window: 201 sent, 202 template or queued")
                    .param().name("id").type(RestParamType.path).dataType("string").endParam()
                    .param().name("body").type(RestParamType.body)
                        .description("{\"text\": \"...\", \"author\": \"agent|system\"}").endParam()
                    .to("direct:api-send-message")
                .post("/messages").description("Start a WhatsApp conversation (twilio or meta) with a message: "
                        + "outside the 24-hour window, a template goes out or the message is queued")
                    .param().name("body").type(RestParamType.body).description("{\"provider\": \"twilio|meta\", "
                            + "\"phone\": \"+E164\" and/or \"userId\": \"<BSUID>\", \"text\": \"...\", "
                            + "\"contactName\": \"...\"}").endParam()
                    .to("direct:api-start-conversation")
                .get("/failures").description("Outgoing messages that finally failed, newest first, with the reason")
                    .param().name("provider").type(RestParamType.query).required(false)
                        .allowableValues(ApiParameters.PROVIDERS).endParam()
                    .param().name("limit").type(RestParamType.query).required(false).dataType("integer")
                        .description("1 to " + ApiParameters.MAX_LIMIT).endParam()
                    .param().name("offset").type(RestParamType.query).required(false).dataType("integer").endParam()
                    .to("direct:api-list-failures")
                .post("/failures/{id}/retry").description("Send a failed outgoing message again, through the normal "
                        + "send path: 202")
                    .param().name("id").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:api-retry-failure")
                .get("/stats/providers").description("The rows of active_conversations_by_provider")
                    .to("direct:api-provider-stats")
                .get("/openapi.json").description("The OpenAPI 3 document of this API")
                    .to("direct:api-openapi");

        // Each direct: route is inlined into its REST route and keeps the api-errors clauses (Camel applies
        // them before inlining, so the inlined route reports no configuration id, e.g. in Hawtio).
        from("direct:api-list-conversations").routeId("api-list-conversations")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setVariable("filter", method("apiParameters", "conversationFilter"))
                .removeHeaders("*")
                .setBody(variable("filter"))
                .to(Sql.statement("kommo_conversations/list")).id("api-conversations-select")
                .setBody(method("apiJson", "conversationPage"))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        from("direct:api-get-conversation").routeId("api-get-conversation")
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

        from("direct:api-list-messages").routeId("api-list-messages")
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

        from("direct:api-provider-stats").routeId("api-provider-stats")
                .routeConfigurationId(ApiErrorHandling.ID)
                .removeHeaders("*")
                .setBody(constant(null))
                .to(Sql.statement("active_conversations_by_provider/all")).id("api-provider-stats-select")
                .setBody(method("apiJson", "write"))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        // the writes: the checked request is the body, the request's headers are dropped before any statement
        from("direct:api-update-conversation").routeId("api-update-conversation")
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

        from("direct:api-send-message").routeId("api-send-message")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiRequests", "conversationMessage"))
                .removeHeaders("*")
                .to("direct:outbound-enqueue").id("api-message-enqueue")
                .process(this::enqueuedAnswer);

        from("direct:api-start-conversation").routeId("api-start-conversation")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiRequests", "newConversation"))
                .removeHeaders("*")
                .to("direct:outbound-start").id("api-conversation-start")
                .process(this::enqueuedAnswer);

        // the dead letters of the send path: what finally failed, and trying one again on purpose
        from("direct:api-list-failures").routeId("api-list-failures")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setVariable("filter", method("apiParameters", "failureFilter"))
                .removeHeaders("*")
                .setBody(variable("filter"))
                .to(Sql.statement("kommo_messages/list-failures")).id("api-failures-select")
                .setBody(method("apiJson", "failurePage"))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));

        from("direct:api-retry-failure").routeId("api-retry-failure")
                .routeConfigurationId(ApiErrorHandling.ID)
                .setBody(method("apiParameters", "messageId"))
                .removeHeaders("*")
                .toV(Sql.selectOne("kommo_messages/retry-failed"), null, "retry").id("api-failure-retry")
                .process(ApiRoutes::checkRetried)
                .log("Message ${variable.retry[messageId]} sent again on an operator's request "
                        + "(retry ${variable.retry[operatorRetries]})")
                .to(Nudge.SEND).id("send-nudge-after-retry")
                .process(this::retryAnswer);

        byte[] openApi = openApiDocument();
        from("direct:api-openapi").routeId("api-openapi")
                .routeConfigurationId(ApiErrorHandling.ID)
                .removeHeaders("*")
                .setBody(constant(openApi))
                .setHeader(Exchange.CONTENT_TYPE, constant(ApiJson.CONTENT_TYPE));
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

    /** The hand-written OpenAPI document of this API ({@value #OPENAPI_RESOURCE}), served as is. */
    static byte[] openApiDocument() {
        try (InputStream in = ApiRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 404: the body is still the checked parameters, so the answer names the id asked for. */
    private static void conversationNotFound(Exchange exchange) {
        throw ApiException.notFound("conversation", exchange.getMessage().getBody(Map.class).get("conversationId"));
    }
}
