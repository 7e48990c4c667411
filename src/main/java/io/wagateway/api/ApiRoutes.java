package io.wagateway.api;

import io.wagateway.conversation.Sql;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * The read side of the REST API, on the REST DSL over platform-http (the webhooks' server). The bearer
 * token is checked by {@link ApiAuthenticationFilter} before any of this runs; errors are answered by
 * {@link ApiErrorHandling}. Each route (one per endpoint: the REST DSL inlines the {@code direct:} route)
 * 1. checks its parameters into the SQL parameter map, which becomes the body,
 * 2. drops every request header, so that nothing from the request but the checked values can reach a
 *    statement (camel-sql reads named parameters from headers too) or be echoed in the answer,
 * 3. queries, and answers JSON ({@link ApiJson}).
 */
@Component
public class ApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        rest("/api").description("wa-gateway REST API").produces(ApiJson.CONTENT_TYPE)
                .get("/conversations").description("Conversations, newest last_message_at first")
                    .param().name("provider").type(RestParamType.query).required(false)
                        .allowableValues(ApiParameters.PROVIDERS).endParam()
                    .param().name("status").type(RestParamType.query).required(false)
                        .allowableValues(ApiParameters.STATUSES).endParam()
                    .param().name("phone").type(RestParamType.query).required(false)
                        .description("exact phone, e.g. %2B5511999990001").endParam()
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
                .get("/stats/providers").description("The rows of active_conversations_by_provider")
                    .to("direct:api-provider-stats");

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
    }

    /** 404: the body is still the checked parameters, so the answer names the id asked for. */
    private static void conversationNotFound(Exchange exchange) {
        throw ApiException.notFound("conversation", exchange.getMessage().getBody(Map.class).get("conversationId"));
    }
}
