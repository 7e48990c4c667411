package io.wagateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Who may do what. The API and the operators' endpoints (Hawtio, Jolokia, Prometheus...) refuse every
 * request without the token, however the path is spelled on the wire; webhooks are not behind the API
 * token but behind their own signatures, and the API token does not stand in for a signature.
 */
class AccessControlTest extends GatewayIntegrationTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            ("admin:" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
    /** What the operators' endpoints answer with when they do answer: metrics, Hawtio's page, Jolokia's JSON. */
    private static final List<String> PROTECTED_CONTENT = List.of("# HELP", "jvm_", "<title>Hawtio", "\"agent\"",
            "\"request\"", "twilio-inbound", "\"conversations\"");

    @Autowired
    private CamelContext camel;

    @Test
    void operatorsEndpointsRefuseRequestsWithoutTheAdminCredentialsHoweverThePathIsSpelled() throws Exception {
        for (String path : List.of("/actuator", "/actuator/", "/actuator/prometheus", "/actuator/prometheus/",
                "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/camelroutes", "/actuator/info",
                "/actuator/hawtio", "/actuator/hawtio/", "/actuator/hawtio/index.html",
                "/actuator/hawtio/jolokia/version", "/actuator/jolokia", "/actuator/jolokia/version",
                "/actuator/jolokia/list",
                "//actuator/prometheus", "/actuator//prometheus", "/./actuator/prometheus", "/actuator/./prometheus",
                "/api/../actuator/prometheus", "/webhooks/../actuator/prometheus", "/actuator/health/../prometheus",
                "/actuator/health/..;/prometheus", "/actuator;/prometheus", "/actuator;x=1/prometheus",
                "/actuator/prometheus;.css", "/%61ctuator/prometheus", "/actuator/%70rometheus", "/ACTUATOR/PROMETHEUS",
                "/actuator/prometheus?x=/actuator/health", "/actuator/health%2F..%2Fprometheus",
                "/actuator/jolokia/read/java.lang:type=Memory")) {
            for (String[] credentials : List.of(new String[0], new String[] {"Authorization", "Bearer " + API_TOKEN},
                    new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "admin:guess".getBytes(StandardCharsets.UTF_8))})) {
                RawHttp.Answer answer = RawHttp.request(port, "GET", path, credentials);
                String what = path + " " + String.join(" ", credentials);
                assertThat(answer.status()).as(what).isIn(400, 401, 404);
                assertThat(PROTECTED_CONTENT).as(what).noneMatch(answer.body()::contains);
            }
        }
        // the same with the credentials: the door is the filter, not a broken endpoint
        assertThat(RawHttp.request(port, "GET", "/actuator/prometheus", "Authorization", ADMIN).status())
                .isEqualTo(200);
    }

    @Test
    void jolokiaCannotStopARouteWithoutTheAdminCredentials() {
        String stop = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=wa-gateway,type=routes,"
                + "name=\\\"twilio-inbound\\\"\",\"operation\":\"stop()\"}";
        for (String authorization : new String[] {null, "Bearer " + API_TOKEN, "Basic " + API_TOKEN}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/actuator/jolokia"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(stop));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> answer = send(request.build());

            assertThat(answer.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
        }
        assertThat(camel.getRouteController().getRouteStatus("twilio-inbound")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void theApiRefusesWritesWithoutTheTokenHoweverThePathIsSpelledAndStoresNothing() throws Exception {
        byte[] start = "{\"provider\":\"twilio\",\"phone\":\"+15550707070\",\"text\":\"hi\"}"
                .getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/api/messages", "//api/messages", "/api;x=1/messages", "/webhooks/../api/messages",
                "/%61pi/messages", "/API/messages", "/api/messages?access_token=" + API_TOKEN,
                "/api/messages?token=" + API_TOKEN)) {
            RawHttp.Answer answer = RawHttp.request(port, "POST", path, start, "Content-Type", "application/json");
            assertThat(answer.status()).as(path).isIn(400, 401, 404);
            assertThat(answer.body()).as(path).doesNotContain("messageId");
        }
        String id = twilioConversation("+15550707071", "1 hour").toString();
        RawHttp.Answer patch = RawHttp.request(port, "PATCH", "/api/conversations/" + id,
                "{\"status\":\"closed\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertThat(patch.status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT status FROM kommo_conversations WHERE id = ?::uuid", String.class, id))
                .isEqualTo("active");
        jdbc.update("DELETE FROM kommo_conversations");
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    @Test
    void webhooksNeedTheirSignatureNotTheApiTokenAndTheApiTokenDoesNotReplaceASignature() {
        Map<String, String> form = TwilioWebhooks.text("SM0acce55000000000000000000000001", "+15550808080", "hello");
        String body = TwilioWebhooks.encode(form);
        Webhooks webhooks = new Webhooks(port);

        HttpResponse<String> withApiToken = webhooks.post(Webhooks.TWILIO, Webhooks.FORM,
                body.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + API_TOKEN);
        HttpResponse<String> withAdmin = webhooks.post(Webhooks.TWILIO, Webhooks.FORM,
                body.getBytes(StandardCharsets.UTF_8), "Authorization", ADMIN);
        HttpResponse<String> kommoWithApiToken = webhooks.post(Webhooks.KOMMO + "?secret=" + API_TOKEN, Webhooks.FORM,
                body.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + API_TOKEN);
        assertThat(withApiToken.statusCode()).isEqualTo(403);
        assertThat(withAdmin.statusCode()).isEqualTo(403);
        assertThat(kommoWithApiToken.statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();

        HttpResponse<String> signedWithAWrongApiToken = webhooks.post(Webhooks.TWILIO, Webhooks.FORM,
                body.getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature",
                Webhooks.twilioSignature(Webhooks.TWILIO, form), "Authorization", "Bearer not-the-api-token");
        HttpResponse<String> handshake = webhooks.get("/webhooks/meta?hub.mode=subscribe&hub.challenge=42"
                + "&hub.verify_token=" + FakeProviders.META_VERIFY_TOKEN, null);
        assertThat(signedWithAWrongApiToken.statusCode()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isOne();
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.body()).isEqualTo("42");
    }
}
