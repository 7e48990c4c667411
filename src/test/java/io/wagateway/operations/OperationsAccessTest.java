package io.wagateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.support.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Operators' endpoints: health is open, everything else under /actuator asks for admin / API_TOKEN. */
class OperationsAccessTest extends GatewayIntegrationTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            ("admin:" + API_TOKEN).getBytes(StandardCharsets.UTF_8));

    @Test
    void healthIsOpenAndReportsTheDatabaseAndCamel() {
        HttpResponse<String> health = actuator("GET", "/actuator/health", null, null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"").contains("camel");
    }

    @Test
    void otherActuatorEndpointsRefuseRequestsWithoutTheAdminCredentials() {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/hawtio/", "/actuator/jolokia/version",
                "/actuator/camelroutes", "/ACTUATOR/prometheus"}) {
            HttpResponse<String> refused = actuator("GET", path, null, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path)
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
        }
        String wrongPassword = "Basic " + Base64.getEncoder().encodeToString(
                "admin:nope".getBytes(StandardCharsets.UTF_8));
        assertThat(actuator("GET", "/actuator/prometheus", wrongPassword, null).statusCode()).isEqualTo(401);
        String wrongUser = "Basic " + Base64.getEncoder().encodeToString(
                ("root:" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(actuator("GET", "/actuator/prometheus", wrongUser, null).statusCode()).isEqualTo(401);
    }

    @Test
    void hawtioIsServedAndJolokiaListsTheGatewayRoutesToTheAdmin() {
        HttpResponse<String> hawtio = actuator("GET", "/actuator/hawtio/", ADMIN, null);
        assertThat(hawtio.statusCode()).isEqualTo(200);
        assertThat(hawtio.body()).contains("Hawtio");

        HttpResponse<String> routes = actuator("POST", "/actuator/jolokia", ADMIN,
                "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=*,type=routes,name=*\","
                        + "\"attribute\":[\"RouteId\",\"State\"]}");
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("twilio-inbound", "conversation-save", "generate-reply",
                "assistant-chat", "send-reply", "twilio-send", "api-list-conversations");
    }

    @Test
    void prometheusExposesCamelRouteMetricsToTheAdmin() {
        HttpResponse<String> metrics = actuator("GET", "/actuator/prometheus", ADMIN, null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("routeId=\"twilio-inbound\"");
    }

    private HttpResponse<String> actuator(String method, String path, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }
}
