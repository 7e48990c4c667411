package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.support.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The REST API tests: rows written with plain SQL, answers read as JSON. */
abstract class ApiIntegrationTestBase extends GatewayIntegrationTest {

    protected final ObjectMapper json = new ObjectMapper();

    /** A GET with the bearer token that must answer {@code status} with JSON; its body parsed. */
    protected JsonNode getJson(String path, int status) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("status of GET %s: %s", path, response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        try {
            return json.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** A request with the bearer token and a JSON body ({@code null}: none). */
    protected HttpResponse<String> call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return send(request.build());
    }

    /** {@link #call} that must answer {@code status} with JSON; its body parsed. */
    protected JsonNode callJson(String method, String path, String body, int status) {
        HttpResponse<String> response = call(method, path, body);
        assertThat(response.statusCode()).as("status of %s %s %s: %s", method, path, body, response.body())
                .isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        try {
            return json.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** A JSON object of the given fields and values (in this order), for request bodies. */
    protected String body(Object... fieldsAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            object.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        try {
            return json.writeValueAsString(object);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A conversation whose last message was {@code ago} (a PostgreSQL interval, e.g. '2 hours') ago. */
    protected UUID conversation(String provider, String phone, String status, String ago) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, kommo_chat_id, status, last_message_at)
                VALUES (?, ?, ?, ?, now() - CAST(? AS interval))
                RETURNING id""", UUID.class,
                provider, phone, "kommo".equals(provider) ? "chat-" + phone : null, status, ago);
    }

    protected void lastUserMessage(UUID conversation, String ago) {
        jdbc.update("UPDATE kommo_conversations SET last_user_message_at = now() - CAST(? AS interval) WHERE id = ?",
                ago, conversation);
    }

    protected static void assertIsoInstant(JsonNode value) {
        assertThat(value.isTextual()).as("%s is a string", value).isTrue();
        assertThat(value.asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    }
}
