package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ApiAuthenticationTest extends ApiIntegrationTestBase {

    @Autowired
    private CamelContext camel;

    private UUID id;

    @BeforeEach
    void oneConversation() {
        id = conversation("twilio", "+5511999990001", "active", "1 minute");
    }

    private List<String> endpoints() {
        return List.of("/api/conversations", "/api/conversations/" + id, "/api/conversations/" + id + "/messages",
                "/api/stats/providers", "/api/openapi.json", "/api/stats/traffic", "/api/stats/replies",
                "/api/stats/daily", "/api/changes");
    }

    @Test
    void everyEndpointWithoutATokenIs401WithAJsonErrorAndABearerChallenge() throws Exception {
        for (String path : endpoints()) {
            HttpResponse<String> response = send(request(path).build());

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode error = json.readTree(response.body());
            assertThat(error.get("error").asText()).isEqualTo("unauthorized");
            assertThat(error.get("detail").asText()).contains("missing bearer token");
            assertThat(response.body()).doesNotContain(id.toString()).doesNotContain("+5511999990001");
        }
    }

    @Test
    void everyEndpointWithAWrongTokenIs401AndReturnsNothing() throws Exception {
        for (String authorization : List.of("Bearer wrong-token", "Bearer " + API_TOKEN + "x",
                "Bearer " + API_TOKEN.substring(1), "Basic " + API_TOKEN, API_TOKEN, "Bearer ")) {
            for (String path : endpoints()) {
                HttpResponse<String> response = send(request(path).header("Authorization", authorization).build());

                assertThat(response.statusCode()).as("%s with %s", path, authorization).isEqualTo(401);
                assertThat(json.readTree(response.body()).get("error").asText()).isEqualTo("unauthorized");
                assertThat(response.body()).doesNotContain(id.toString()).doesNotContain("+5511999990001");
            }
        }
    }

    @Test
    void theRightTokenIsAcceptedWhateverTheCaseOfTheScheme() {
        HttpResponse<String> response = send(request("/api/conversations")
                .header("Authorization", "bearer " + API_TOKEN).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(id.toString());
    }

    @Test
    void unknownApiPathsAndEncodedPathsAreRefusedBeforeRouting() {
        for (String path : List.of("/api/nothing-here", "/api", "/%61pi/conversations", "/api/./conversations",
                "/api/conversations;jsessionid=1", "/API/conversations")) {
            assertThat(send(request(path).build()).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void theAnswerDoesNotEchoTheRequestHeaders() {
        HttpResponse<String> response = get("/api/conversations/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("Authorization"));
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("id"));
    }

    @Test
    void healthNeedsNoApiToken() {
        assertThat(send(request("/actuator/health").build()).statusCode()).isEqualTo(200);
    }

    @Test
    void everyApiEndpointIsOneRouteWithItsOwnId() {
        for (String routeId : List.of("api-list-conversations", "api-get-conversation", "api-list-messages",
                "api-provider-stats", "api-update-conversation", "api-send-message", "api-start-conversation",
                "api-openapi")) {
            assertThat(camel.getRoute(routeId)).as(routeId).isNotNull();
            assertThat(camel.getRoute(routeId).getEndpoint().getEndpointUri()).as(routeId).startsWith("rest:");
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
    }
}
