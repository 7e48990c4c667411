package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The OpenAPI document as the REST API's one source: its operations, and routes that must be exactly them. */
class ApiContractTest {

    private final ObjectMapper json = new ObjectMapper();

    private ApiContract parse(String document) throws Exception {
        return ApiContract.parse(document.getBytes(StandardCharsets.UTF_8), json);
    }

    @Test
    void theOperationsOfTheDocumentAreItsMethodsAndPathsUnderItsServer() {
        ApiContract contract = ApiContract.load(json);

        assertThat(contract.title()).isEqualTo("wa-gateway REST API");
        assertThat(contract.operations()).contains(
                new ApiContract.Operation("get", "/api/conversations", "listConversations",
                        "Conversations, newest last_message_at first"),
                new ApiContract.Operation("get", "/api/openapi.json", "openApi", "This document"))
                .extracting(ApiContract.Operation::id).doesNotHaveDuplicates()
                .contains("updateConversationStatus", "sendMessage", "startConversation", "retryFailure");
    }

    @Test
    void pathsAreUnderTheServersPath() throws Exception {
        ApiContract contract = parse("""
                {"servers": [{"url": "/v2/"}], "paths": {"/things/{id}": {
                  "parameters": [], "get": {"operationId": "getThing"}, "delete": {"operationId": "dropThing"}}}}""");

        assertThat(contract.operations()).containsExactly(
                new ApiContract.Operation("get", "/v2/things/{id}", "getThing", null),
                new ApiContract.Operation("delete", "/v2/things/{id}", "dropThing", null));
    }

    @Test
    void anOperationWithoutIdOrADocumentWithoutItsServerIsRefused() {
        assertThatThrownBy(() -> parse("""
                {"servers": [{"url": "/"}], "paths": {"/things": {"get": {"summary": "no id"}}}}"""))
                .hasMessageContaining("get /things has no operationId");
        assertThatThrownBy(() -> parse("""
                {"servers": [{"url": "https://example.com/api"}], "paths": {}}"""))
                .hasMessageContaining("must name one server");
        assertThatThrownBy(() -> parse("{\"paths\": {}}")).hasMessageContaining("must name one server");
    }

    @Test
    void routesMustBeExactlyTheOperations() throws Exception {
        ApiContract contract = parse("""
                {"servers": [{"url": "/"}], "paths": {"/a": {"get": {"operationId": "getA"}},
                  "/b": {"post": {"operationId": "postB"}}}}""");

        contract.check(List.of("direct:getA", "direct:postB"));
        assertThatThrownBy(() -> contract.check(List.of("direct:getA")))
                .hasMessageContaining("operations without a route [direct:postB]");
        assertThatThrownBy(() -> contract.check(List.of("direct:getA", "direct:postB", "direct:deleteB")))
                .hasMessageContaining("routes that are no operation [direct:deleteB]");
    }

    @Test
    void theApiRoutesDoNotStartWithARouteTheDocumentDoesNotDescribe() {
        ApiRoutes routes = new ApiRoutes(new ApiJson(json), json, null, null) {
            @Override
            public void configure() {
                from("direct:deleteConversation").routeId("api-delete-conversation").log("undocumented");
                super.configure();
            }
        };

        assertThatThrownBy(() -> new DefaultCamelContext().addRoutes(routes))
                .hasStackTraceContaining("routes that are no operation [direct:deleteConversation]");
    }
}
