package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code PATCH /api/conversations/{id}} {@code {"status": ...}}. */
class ApiConversationStatusTest extends ApiIntegrationTestBase {

    private String path(UUID id) {
        return "/api/conversations/" + id;
    }

    private String status(UUID id) {
        return jdbc.queryForObject("SELECT status FROM kommo_conversations WHERE id = ?", String.class, id);
    }

    @Test
    void eachStatusIsStoredAndAnsweredWithTheConversationAsGetAnswersIt() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 hour");
        lastUserMessage(id, "2 hours");

        for (String status : List.of("escalated", "active", "closed", "active", "escalated", "closed")) {
            JsonNode answer = callJson("PATCH", path(id), body("status", status), 200);

            assertThat(answer.get("status").asText()).isEqualTo(status);
            assertThat(status(id)).isEqualTo(status);
            assertThat(answer).isEqualTo(getJson(path(id), 200));
            assertThat(answer.get("id").asText()).isEqualTo(id.toString());
            assertThat(answer.get("withinWindow").asBoolean()).isTrue();
            assertIsoInstant(answer.get("windowClosesAt"));
        }
    }

    @Test
    void aChangeMovesUpdatedAtAndTheSameStatusAgainChangesNothing() {
        UUID id = conversation("kommo", "+5511999990001", "active", "1 hour");
        jdbc.update("UPDATE kommo_conversations SET updated_at = now() - interval '1 day' WHERE id = ?", id);
        Instant before = Instant.parse(getJson(path(id), 200).get("updatedAt").asText());

        JsonNode escalated = callJson("PATCH", path(id), body("status", "escalated"), 200);
        Instant changed = Instant.parse(escalated.get("updatedAt").asText());
        assertThat(changed).isAfter(before);
        assertThat(escalated.get("lastMessageAt")).isEqualTo(getJson(path(id), 200).get("lastMessageAt"));

        JsonNode again = callJson("PATCH", path(id), body("status", "escalated"), 200);
        assertThat(Instant.parse(again.get("updatedAt").asText())).isEqualTo(changed);
        assertThat(again.get("status").asText()).isEqualTo("escalated");
    }

    @Test
    void invalidBodiesAre400NamingTheProblemAndChangeNothing() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 hour");
        record Case(String body, String error, String detail) {
        }
        for (Case c : List.of(
                new Case("{\"status\": \"open\"}", "invalid field status",
                        "status must be one of active, escalated, closed"),
                new Case("{\"status\": \"ACTIVE\"}", "invalid field status", "status must be one of"),
                new Case("{\"status\": \"\"}", "invalid field status", "status must be one of"),
                new Case("{\"status\": 1}", "invalid field status", "status must be a string"),
                new Case("{\"status\": [\"closed\"]}", "invalid field status", "status must be a string"),
                new Case("{\"status\": null}", "invalid field status", "status is required"),
                new Case("{}", "invalid field status", "status is required"),
                new Case("{\"status\": \"closed\", \"contactName\": \"x\"}", "unknown field contactName",
                        "the body may have only status"),
                new Case("{\"status\": \"closed\"", "invalid JSON", "the body is not valid JSON"),
                new Case("{\"status\": \"closed\", \"status\": \"active\"}", "invalid JSON", "Duplicate field"),
                new Case("{\"status\": \"closed\"} {}", "invalid JSON", "the body is not valid JSON"),
                new Case("\"closed\"", "invalid JSON", "the body must be a JSON object"),
                new Case("[{\"status\": \"closed\"}]", "invalid JSON", "the body must be a JSON object"),
                new Case("null", "invalid JSON", "the body must be a JSON object"),
                new Case("status=closed", "invalid JSON", "the body is not valid JSON"),
                new Case("", "invalid JSON", "the body is empty"))) {
            JsonNode error = callJson("PATCH", path(id), c.body(), 400);

            assertThat(error.get("error").asText()).as(c.body()).isEqualTo(c.error());
            assertThat(error.get("detail").asText()).as(c.body()).contains(c.detail());
        }
        assertThat(status(id)).isEqualTo("active");
    }

    @Test
    void unknownConversationIs404AndANonUuidIdIs400() {
        UUID unknown = UUID.randomUUID();

        JsonNode error = callJson("PATCH", path(unknown), body("status", "closed"), 404);
        assertThat(error.get("error").asText()).isEqualTo("conversation not found");
        assertThat(error.get("detail").asText()).contains(unknown.toString());

        assertThat(callJson("PATCH", "/api/conversations/nope", body("status", "closed"), 400).get("error").asText())
                .isEqualTo("invalid parameter id");
        // the id is checked before the body
        assertThat(callJson("PATCH", "/api/conversations/nope", "{", 400).get("error").asText())
                .isEqualTo("invalid parameter id");
    }

    @Test
    void requestHeadersCannotFillInTheStatement() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 hour");
        UUID other = conversation("twilio", "+5511999990002", "active", "1 hour");

        var response = send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + path(id)))
                .header("Authorization", "Bearer " + API_TOKEN)
                .header("conversationId", other.toString())
                .header("CamelSqlQuery", "UPDATE kommo_conversations SET status = 'closed' RETURNING id")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body("status", "escalated")))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("escalated");
        assertThat(status(other)).isEqualTo("active");
    }

    @Test
    void aBodyThatSaysItIsNotJsonIs415AndAJsonTypeWithParametersIsFine() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 hour");

        for (String type : List.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x",
                "application/xml")) {
            var response = send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + path(id)))
                    .header("Authorization", "Bearer " + API_TOKEN)
                    .header("Content-Type", type)
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body("status", "closed")))
                    .build());

            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            assertThat(response.body()).contains("\"error\":\"unsupported media type\"");
        }
        assertThat(status(id)).isEqualTo("active");

        for (String type : List.of("application/json; charset=UTF-8", "Application/JSON",
                "application/merge-patch+json")) {
            var response = send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + path(id)))
                    .header("Authorization", "Bearer " + API_TOKEN)
                    .header("Content-Type", type)
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body("status", "escalated")))
                    .build());
            assertThat(response.statusCode()).as(type).isEqualTo(200);
        }
        // without a token the answer is 401 whatever the type
        var anonymous = send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + path(id)))
                .header("Content-Type", "text/plain")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("status=closed"))
                .build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
