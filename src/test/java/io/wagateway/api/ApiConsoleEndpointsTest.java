package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.support.TwilioWebhooks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What the console reads beyond the contract's API: search and escalated-first in the list, each conversation's
 * newest message and what a message outside its window becomes, the charts' numbers, and the changes poll.
 */
class ApiConsoleEndpointsTest extends ApiIntegrationTestBase {

    @Test
    void searchMatchesNamePhoneUserIdOrUsernameLiterallyInAnyCase() {
        UUID ana = named(conversation("twilio", "+5511999990001", "active", "1 minute"), "Ana Souza");
        UUID sale = named(conversation("meta", "+5511999990002", "active", "2 minutes"), "50% off_shop");
        UUID bsuid = conversation("meta", "+5511999990003", "active", "3 minutes");
        jdbc.update("UPDATE kommo_conversations SET phone = NULL, user_id = 'BR.1582043977165209', "
                + "username = 'mari.costa' WHERE id = ?", bsuid);

        assertThat(ids("q=souza")).containsExactly(ana.toString());
        assertThat(ids("q=" + encode("+5511999990002"))).containsExactly(sale.toString());
        assertThat(ids("q=br.15820")).containsExactly(bsuid.toString());
        assertThat(ids("q=MARI.c")).containsExactly(bsuid.toString());
        assertThat(ids("q=" + encode("%"))).containsExactly(sale.toString());
        assertThat(ids("q=" + encode("f_s"))).containsExactly(sale.toString());
        assertThat(ids("q=" + encode("n_s"))).isEmpty();
        assertThat(ids("q=")).hasSize(3);
        assertThat(callJson("GET", "/api/conversations?q=" + "x".repeat(101), null, 400).path("error").asText())
                .isEqualTo("invalid parameter q");
    }

    @Test
    void escalatedFirstPutsEscalatedConversationsBeforeNewerOnes() {
        UUID newest = conversation("twilio", "+5511999990001", "active", "1 minute");
        UUID escalated = conversation("twilio", "+5511999990002", "escalated", "2 hours");
        UUID older = conversation("twilio", "+5511999990003", "active", "1 hour");

        assertThat(ids("sort=escalated-first")).containsExactly(escalated.toString(), newest.toString(),
                older.toString());
        assertThat(ids("sort=recent")).containsExactly(newest.toString(), older.toString(), escalated.toString());
        assertThat(ids("")).containsExactly(newest.toString(), older.toString(), escalated.toString());
        assertThat(callJson("GET", "/api/conversations?sort=oldest", null, 400).path("detail").asText())
                .isEqualTo("sort must be one of recent, escalated-first");
    }

    @Test
    void conversationsCarryTheirNewestMessageAndWhatAMessageOutsideTheWindowBecomes() {
        UUID twilio = conversation("twilio", "+5511999990001", "active", "1 minute");
        UUID kommo = conversation("kommo", "+5511999990002", "active", "1 minute");
        jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content) VALUES (?, 'twilio', "
                + "'user', 'first'), (?, 'twilio', 'assistant', ?)", twilio, twilio, "x".repeat(300));

        JsonNode listed = getJson("/api/conversations?provider=twilio", 200).path("conversations").path(0);
        JsonNode one = getJson("/api/conversations/" + twilio, 200);

        for (JsonNode conversation : List.of(listed, one)) {
            JsonNode last = conversation.path("lastMessage");
            assertThat(last.path("role").asText()).isEqualTo("assistant");
            assertThat(last.path("content").asText()).isEqualTo("x".repeat(200));
            assertIsoInstant(last.path("createdAt"));
            // no fallback template is configured in the tests: the message would wait for the user
            assertThat(conversation.path("outsideWindow").asText()).isEqualTo("queued");
        }
        JsonNode kommoConversation = getJson("/api/conversations/" + kommo, 200);
        assertThat(kommoConversation.path("lastMessage").isNull()).isTrue();
        assertThat(kommoConversation.path("outsideWindow").isNull()).isTrue();
    }

    @Test
    void trafficCountsMessagesInAndOutPerHourOverTheLastDay() {
        UUID conversation = conversation("twilio", "+5511999990001", "active", "1 minute");
        jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content, created_at) VALUES "
                + "(?, 'twilio', 'user', 'now', now()), (?, 'twilio', 'user', 'now too', now()), "
                + "(?, 'twilio', 'user', 'three hours ago', now() - interval '3 hours'), "
                + "(?, 'twilio', 'user', 'two days ago', now() - interval '2 days')",
                conversation, conversation, conversation, conversation);
        jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content, delivery_status, sent_at) "
                + "VALUES (?, 'twilio', 'assistant', 'sent', 'accepted', now()), "
                + "(?, 'twilio', 'assistant', 'still pending', 'pending', NULL)", conversation, conversation);

        JsonNode hours = getJson("/api/stats/traffic", 200);

        assertThat(hours).hasSize(24);
        assertIsoInstant(hours.path(23).path("hour"));
        assertThat(hours.path(23).path("in").asInt()).isEqualTo(2);
        assertThat(hours.path(23).path("out").asInt()).isEqualTo(1);
        assertThat(hours.findValues("in").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(3);
        assertThat(hours.findValues("out").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(1);
    }

    @Test
    void replyTimesRunFromTheUsersMessageToTheSendOfTheReply() {
        UUID conversation = conversation("twilio", "+5511999990001", "active", "1 minute");
        for (int seconds : new int[] {2, 4, 6, 8, 100}) {
            String answered = "SM" + UUID.randomUUID().toString().replace("-", "");
            jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content, provider_message_id, "
                    + "created_at) VALUES (?, 'twilio', 'user', 'hi', ?, now() - make_interval(secs => ?))",
                    conversation, answered, seconds);
            // a reply in two parts: the first part's send counts
            jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content, metadata, "
                    + "delivery_status, sent_at) VALUES "
                    + "(?, 'twilio', 'assistant', 'part 1', jsonb_build_object('inReplyTo', ?), 'accepted', now()), "
                    + "(?, 'twilio', 'assistant', 'part 2', jsonb_build_object('inReplyTo', ?), 'accepted', "
                    + "now() + interval '1 second')", conversation, answered, conversation, answered);
        }

        JsonNode hours = getJson("/api/stats/replies", 200);

        assertThat(hours).hasSize(24);
        JsonNode now = hours.path(23);
        assertThat(now.path("replies").asInt()).isEqualTo(5);
        assertThat(now.path("medianMs").asLong()).isBetween(5_900L, 6_100L);
        assertThat(now.path("p95Ms").asLong()).isBetween(80_000L, 100_100L);
        assertThat(hours.path(0).path("replies").asInt()).isZero();
        assertThat(hours.path(0).path("medianMs").isNull()).isTrue();
    }

    @Test
    void dailyCountsTemplatesSentAndFinalFailuresOverTwoWeeks() {
        UUID conversation = conversation("meta", "+5511999990001", "active", "1 minute");
        jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content, metadata, delivery_status, "
                + "sent_at) VALUES (?, 'meta', 'assistant', 'hello', '{\"template\": {\"name\": \"hello\"}}', "
                + "'delivered', now()), (?, 'meta', 'assistant', 'text', '{}', 'delivered', now())",
                conversation, conversation);
        jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content, delivery_status, "
                + "delivery_updated_at) VALUES (?, 'meta', 'assistant', 'a', 'failed', now()), "
                + "(?, 'meta', 'assistant', 'b', 'failed', now() - interval '20 days')", conversation, conversation);

        JsonNode days = getJson("/api/stats/daily", 200);

        assertThat(days).hasSize(14);
        JsonNode today = days.path(13);
        assertThat(today.path("day").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(today.path("templates").asInt()).isEqualTo(1);
        assertThat(today.path("failures").asInt()).isEqualTo(1);
        assertThat(days.findValues("failures").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(1);
    }

    @Test
    void aSendTheProviderTookIsStampedWithItsSendTime() {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000951", "+15550009510", "Hello"));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM kommo_messages "
                + "WHERE role = 'assistant' AND delivery_status = 'accepted' AND sent_at IS NOT NULL") == 1);
    }

    @Test
    void changesNameTheConversationsThatChangedOnAnyInstanceSinceTheCursor() {
        UUID watched = conversation("twilio", "+5511999990001", "active", "1 minute");
        UUID other = conversation("twilio", "+5511999990002", "active", "1 minute");
        AtomicReference<String> cursor = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode first = getJson("/api/changes", 200);
            assertThat(first.path("reset").asBoolean()).isTrue();
            cursor.set(first.path("cursor").isNull() ? null : first.path("cursor").asText());
            return cursor.get() != null;
        });
        JsonNode quiet = getJson("/api/changes?after=" + cursor.get(), 200);
        assertThat(quiet.path("reset").asBoolean()).isFalse();
        assertThat(quiet.path("conversations")).isEmpty();

        // written straight to the database, as another instance would
        jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content) VALUES (?, 'twilio', "
                + "'user', 'hi')", watched);
        jdbc.update("UPDATE kommo_conversations SET status = 'escalated' WHERE id = ?", other);

        List<String> changed = new ArrayList<>();
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode answer = getJson("/api/changes?after=" + cursor.get(), 200);
                last.set(answer);
                changed.clear();
                answer.path("conversations").forEach(id -> changed.add(id.asText()));
                return changed.size() >= 2;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no two changes within 2 s after " + cursor.get() + "; last answer " + last.get()
                    + "; recorded " + jdbc.queryForList("SELECT * FROM conversation_changes") + "; watchers "
                    + jdbc.queryForList("SELECT * FROM console_watchers"), e);
        }
        assertThat(changed).containsExactly(watched.toString(), other.toString());
        JsonNode later = getJson("/api/changes?after=" + cursor.get(), 200);
        JsonNode caughtUp = getJson("/api/changes?after=" + later.path("cursor").asText(), 200);
        assertThat(caughtUp.path("conversations")).isEmpty();
    }

    @Test
    void aCursorOfAnotherSessionAsksForAResetAndAMalformedOneIsA400() {
        JsonNode foreign = getJson("/api/changes?after=abc.12", 200);

        assertThat(foreign.path("reset").asBoolean()).isTrue();
        assertThat(foreign.path("conversations")).isEmpty();
        assertThat(callJson("GET", "/api/changes?after=" + encode("1;DROP"), null, 400).path("error").asText())
                .isEqualTo("invalid parameter after");
    }

    private UUID named(UUID conversation, String name) {
        jdbc.update("UPDATE kommo_conversations SET contact_name = ? WHERE id = ?", name, conversation);
        return conversation;
    }

    private List<String> ids(String query) {
        List<String> ids = new ArrayList<>();
        getJson("/api/conversations?" + query, 200).path("conversations").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
