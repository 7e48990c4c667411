package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.support.TwilioWebhooks;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiConversationsTest extends ApiIntegrationTestBase {

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("conversations").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    @Test
    void listIsNewestLastMessageFirstWithLimitAndOffset() {
        UUID older = conversation("twilio", "+5511999990001", "active", "3 hours");
        UUID newest = conversation("twilio", "+5511999990002", "active", "1 hour");
        UUID middle = conversation("kommo", "+5511999990003", "escalated", "2 hours");

        JsonNode all = getJson("/api/conversations", 200);
        assertThat(ids(all)).containsExactly(newest.toString(), middle.toString(), older.toString());
        assertThat(all.get("limit").asInt()).isEqualTo(50);
        assertThat(all.get("offset").asInt()).isZero();

        JsonNode first = getJson("/api/conversations?limit=2", 200);
        assertThat(ids(first)).containsExactly(newest.toString(), middle.toString());
        assertThat(first.get("limit").asInt()).isEqualTo(2);
        JsonNode second = getJson("/api/conversations?limit=2&offset=2", 200);
        assertThat(ids(second)).containsExactly(older.toString());
        assertThat(second.get("offset").asInt()).isEqualTo(2);
        assertThat(ids(getJson("/api/conversations?limit=2&offset=3", 200))).isEmpty();
    }

    @Test
    void emptyParametersMeanNoFilterAndTheDefaults() {
        conversation("twilio", "+5511999990001", "active", "1 hour");
        conversation("meta", "+5511999990002", "closed", "2 hours");

        JsonNode page = getJson("/api/conversations?provider=&status=&limit=&offset=", 200);

        assertThat(page.get("conversations")).hasSize(2);
        assertThat(page.get("limit").asInt()).isEqualTo(50);
        assertThat(page.get("offset").asInt()).isZero();
    }

    @Test
    void listFiltersByProviderAndStatus() {
        UUID twilioActive = conversation("twilio", "+5511999990001", "active", "1 hour");
        UUID twilioEscalated = conversation("twilio", "+5511999990002", "escalated", "2 hours");
        UUID kommoActive = conversation("kommo", "+5511999990003", "active", "3 hours");
        UUID metaClosed = conversation("meta", "+5511999990004", "closed", "4 hours");

        assertThat(ids(getJson("/api/conversations?provider=twilio", 200)))
                .containsExactly(twilioActive.toString(), twilioEscalated.toString());
        assertThat(ids(getJson("/api/conversations?status=active", 200)))
                .containsExactly(twilioActive.toString(), kommoActive.toString());
        assertThat(ids(getJson("/api/conversations?provider=twilio&status=escalated", 200)))
                .containsExactly(twilioEscalated.toString());
        assertThat(ids(getJson("/api/conversations?provider=meta", 200))).containsExactly(metaClosed.toString());
        assertThat(ids(getJson("/api/conversations?provider=meta&status=active", 200))).isEmpty();
        JsonNode kommo = getJson("/api/conversations?provider=kommo", 200).get("conversations").get(0);
        assertThat(kommo.get("kommoChatId").asText()).isEqualTo("chat-+5511999990003");
        assertThat(kommo.get("provider").asText()).isEqualTo("kommo");
    }

    @Test
    void listFiltersByExactPhoneEvenWithAnUnencodedPlus() {
        UUID one = conversation("twilio", "+5511999990001", "active", "1 hour");
        conversation("twilio", "+5511999990002", "active", "2 hours");

        assertThat(ids(getJson("/api/conversations?phone=%2B5511999990001", 200))).containsExactly(one.toString());
        assertThat(ids(getJson("/api/conversations?phone=+5511999990001", 200))).containsExactly(one.toString());
        assertThat(ids(getJson("/api/conversations?phone=5511999990001", 200))).isEmpty();
    }

    @Test
    void invalidProviderStatusLimitOrOffsetIsA400NamingTheParameter() {
        record Case(String query, String parameter) {
        }
        for (Case c : List.of(new Case("provider=whatsapp", "provider"), new Case("provider=TWILIO", "provider"),
                new Case("status=open", "status"), new Case("limit=0", "limit"), new Case("limit=201", "limit"),
                new Case("limit=ten", "limit"), new Case("limit=99999999999", "limit"),
                new Case("offset=-1", "offset"), new Case("offset=1.5", "offset"),
                new Case("limit=1&limit=2", "limit"))) {
            JsonNode error = getJson("/api/conversations?" + c.query(), 400);

            assertThat(error.get("error").asText()).as(c.query()).isEqualTo("invalid parameter " + c.parameter());
            assertThat(error.get("detail").asText()).as(c.query()).startsWith(c.parameter());
        }
        assertThat(getJson("/api/conversations?provider=x", 400).get("detail").asText())
                .isEqualTo("provider must be one of kommo, twilio, meta");
        assertThat(getJson("/api/conversations?limit=0", 400).get("detail").asText())
                .isEqualTo("limit must be an integer from 1 to 200");
        assertThat(getJson("/api/conversations?limit=200", 200).get("limit").asInt()).isEqualTo(200);
    }

    @Test
    void oneConversationHasEveryFieldInCamelCaseWithIsoTimestampsAndMetadataAsAnObject() {
        UUID id = jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, phone, kommo_chat_id, contact_name, status, metadata,
                                                 last_message_at, created_at, updated_at)
                VALUES ('kommo', '+5511999990001', 'chat-42', 'José Ñúñez', 'escalated',
                        '{"source": "ads", "tags": ["vip"]}', '2026-11-26T10:00:00.123Z', '2026-11-25T09:00:00Z',
                        '2026-11-26T10:00:00.123Z')
                RETURNING id""", UUID.class);

        JsonNode c = getJson("/api/conversations/" + id, 200);

        assertThat(c.get("id").asText()).isEqualTo(id.toString());
        assertThat(c.get("provider").asText()).isEqualTo("kommo");
        assertThat(c.get("phone").asText()).isEqualTo("+5511999990001");
        assertThat(c.get("contactName").asText()).isEqualTo("José Ñúñez");
        assertThat(c.get("kommoChatId").asText()).isEqualTo("chat-42");
        assertThat(c.get("status").asText()).isEqualTo("escalated");
        assertThat(c.get("lastMessageAt").asText()).isEqualTo("2026-11-26T10:00:00.123Z");
        assertThat(c.get("createdAt").asText()).isEqualTo("2026-11-25T09:00:00Z");
        assertThat(c.get("updatedAt").asText()).isEqualTo("2026-11-26T10:00:00.123Z");
        assertThat(c.get("lastUserMessageAt").isNull()).isTrue();
        assertThat(c.get("metadata").isObject()).isTrue();
        assertThat(c.get("metadata").get("source").asText()).isEqualTo("ads");
        assertThat(c.get("metadata").get("tags").get(0).asText()).isEqualTo("vip");
        assertThat(c.get("withinWindow").asBoolean()).isFalse();
        assertThat(c.get("windowClosesAt").isNull()).isTrue();
        assertThat(c.has("last_message_at")).isFalse();
    }

    @Test
    void conversationWithARecentUserMessageIsWithinTheWindowUntil24HoursAfterIt() {
        assertThat(postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000001", "+5511999990001",
                "Hello")).statusCode()).isEqualTo(200);
        UUID id = jdbc.queryForObject("SELECT id FROM kommo_conversations", UUID.class);

        JsonNode c = getJson("/api/conversations/" + id, 200);

        assertThat(c.get("provider").asText()).isEqualTo("twilio");
        assertThat(c.get("contactName").asText()).isEqualTo("Maria Silva");
        assertThat(c.get("kommoChatId").isNull()).isTrue();
        assertThat(c.get("withinWindow").asBoolean()).isTrue();
        assertIsoInstant(c.get("lastUserMessageAt"));
        assertIsoInstant(c.get("windowClosesAt"));
        assertThat(Instant.parse(c.get("windowClosesAt").asText()))
                .isEqualTo(Instant.parse(c.get("lastUserMessageAt").asText()).plus(Duration.ofHours(24)));
        assertThat(Instant.parse(c.get("windowClosesAt").asText())).isAfter(Instant.now().plus(Duration.ofHours(23)));
        // the reply is on its way: let it land before the next test empties the tables
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = 'accepted'") == 1);
    }

    @Test
    void conversationWhoseLastUserMessageIs25HoursOldIsOutsideTheWindow() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 minute");
        lastUserMessage(id, "25 hours");

        JsonNode c = getJson("/api/conversations/" + id, 200);

        assertThat(c.get("withinWindow").asBoolean()).isFalse();
        Instant lastUser = Instant.parse(c.get("lastUserMessageAt").asText());
        Instant closes = Instant.parse(c.get("windowClosesAt").asText());
        assertThat(closes).isEqualTo(lastUser.plus(Duration.ofHours(24))).isBefore(Instant.now());
        assertThat(ids(getJson("/api/conversations", 200))).containsExactly(id.toString());
        assertThat(getJson("/api/conversations", 200).get("conversations").get(0).get("withinWindow").asBoolean())
                .isFalse();
    }

    @Test
    void unknownConversationIsA404() {
        UUID unknown = UUID.randomUUID();

        JsonNode error = getJson("/api/conversations/" + unknown, 404);

        assertThat(error.get("error").asText()).isEqualTo("conversation not found");
        assertThat(error.get("detail").asText()).contains(unknown.toString());
    }

    @Test
    void idThatIsNotAUuidIsA400() {
        for (String id : List.of("42", "not-a-uuid", "1-1-1-1-1", UUID.randomUUID() + "0")) {
            JsonNode error = getJson("/api/conversations/" + id, 400);
            assertThat(error.get("error").asText()).isEqualTo("invalid parameter id");
            assertThat(error.get("detail").asText()).isEqualTo("the conversation id must be a UUID");
        }
    }

    @Test
    void quoteLadenPhoneFilterAndIdAreDataNotSql() {
        String nasty = "+1' OR '1'='1\"; DROP TABLE kommo_messages; --";
        UUID stored = conversation("twilio", nasty, "active", "1 hour");
        conversation("twilio", "+5511999990002", "active", "2 hours");

        assertThat(ids(getJson("/api/conversations?phone=" + encode(nasty), 200))).containsExactly(stored.toString());
        assertThat(ids(getJson("/api/conversations?phone=" + encode("' OR '1'='1"), 200))).isEmpty();
        assertThat(getJson("/api/conversations?status=" + encode("active' OR '1'='1"), 400).get("error").asText())
                .isEqualTo("invalid parameter status");
        assertThat(getJson("/api/conversations/" + encode("' OR '1'='1"), 400).get("error").asText())
                .isEqualTo("invalid parameter id");
        assertThat(getJson("/api/conversations/" + encode(stored + "' OR '1'='1") + "/messages", 400)
                .get("error").asText()).isEqualTo("invalid parameter id");
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'kommo_messages'"))
                .isEqualTo(1);
    }

    @Test
    void camelHeadersInTheQueryCannotReplaceTheStatement() {
        conversation("twilio", "+5511999990001", "active", "1 hour");

        for (String header : List.of("CamelSqlQuery", "camelsqlquery", "CAMELSQLQUERY")) {
            HttpResponse<String> response = get("/api/conversations?" + header + "="
                    + encode("DELETE FROM kommo_conversations RETURNING id"));
            assertThat(response.statusCode()).as(header).isEqualTo(200);
        }
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(1);
    }

    @Test
    void unexpectedDatabaseErrorIsABare500WithoutDetails() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 hour");
        // the window end (+ 24 hours) overflows PostgreSQL's timestamp range: the query itself fails
        jdbc.update("UPDATE kommo_conversations SET last_user_message_at = '294276-12-31T12:00:00Z' WHERE id = ?", id);

        HttpResponse<String> response = get("/api/conversations/" + id);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"error\":\"internal error\"}");
    }

    @Test
    void answersAreUtf8Json() {
        UUID id = conversation("twilio", "+5511999990001", "active", "1 hour");
        jdbc.update("UPDATE kommo_conversations SET contact_name = 'Zoë 😀 日本' WHERE id = ?", id);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(getJson("/api/conversations/" + id, 200).get("contactName").asText()).isEqualTo("Zoë 😀 日本"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
