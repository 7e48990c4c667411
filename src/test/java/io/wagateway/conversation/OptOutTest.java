package io.wagateway.conversation;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.wagateway.support.FakeProviders.OPENAI;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import io.wagateway.webhook.FormBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A user who writes STOP gets no template and no proactive message any more, until START. */
class OptOutTest extends GatewayIntegrationTest {

    private static final String PHONE = "+15550008888";
    private static final String OPT_OUT_CONFIRMATION =
            "You will not get messages from us any more. Send START to get them again.";
    private static final AtomicInteger SIDS = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> userWrites(String text) {
        return postTwilio(TwilioWebhooks.text(String.format("SM%032d", SIDS.incrementAndGet()), PHONE, text));
    }

    private List<String> twilioBodies() {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).stream()
                .map(request -> FormBody.parse(request.getBody()).get("Body")).toList();
    }

    private int modelCalls() {
        return OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions"))).size();
    }

    private UUID conversation() {
        return jdbc.queryForObject("SELECT id FROM kommo_conversations WHERE phone = ?", UUID.class, PHONE);
    }

    private HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode conversationJson() throws IOException {
        return json.readTree(get("/api/conversations/" + conversation()).body());
    }

    @Test
    void stopIsConfirmedOnceAsTextGetsNoAiReplyAndShowsInTheApi() throws Exception {
        assertThat(userWrites("STOP").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> twilioBodies().size() == 1);
        assertThat(twilioBodies()).containsExactly(OPT_OUT_CONFIRMATION);
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
        assertThat(modelCalls()).isZero();
        JsonNode conversation = conversationJson();
        assertThat(conversation.path("optedOut").asBoolean()).isTrue();
        assertThat(conversation.path("optedOutAt").asText()).isNotBlank();
        assertThat(json.readTree(get("/api/stats/providers").body()).path(1).path("optedOut").asInt()).isEqualTo(1);

        // the same STOP again (a user insisting): stored, not confirmed twice
        userWrites(" stop ");
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM kommo_messages "
                + "WHERE role = 'user'") == 2);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE metadata ->> 'consent' = 'opt_out' "
                + "AND role = 'assistant'")).isEqualTo(1);
    }

    @Test
    void afterStopNoProactiveMessageAndNoMessageOutsideTheWindowButRepliesToTheUserStillGoOut() throws Exception {
        userWrites("Parar");
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioBodies().size() == 1);
        UUID conversation = conversation();

        HttpResponse<String> started = post("/api/messages", "{\"provider\":\"twilio\",\"phone\":\"" + PHONE
                + "\",\"text\":\"Our new offer\"}");
        assertThat(started.statusCode()).isEqualTo(409);
        assertThat(json.readTree(started.body()).path("error").asText()).isEqualTo("user opted out");

        HttpResponse<String> inside = post("/api/conversations/" + conversation + "/messages", "{\"text\":\"Sorry!\"}");
        assertThat(inside.statusCode()).as("within 24 hours of the user's message").isEqualTo(201);

        jdbc.update("UPDATE kommo_conversations SET last_user_message_at = now() - interval '30 hours' WHERE id = ?",
                conversation);
        HttpResponse<String> outside = post("/api/conversations/" + conversation + "/messages", "{\"text\":\"Hi\"}");
        assertThat(outside.statusCode()).isEqualTo(409);
        assertThat(json.readTree(outside.body()).path("error").asText()).isEqualTo("user opted out");

        userWrites("What are your opening hours?");
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioBodies().contains("Hello from the fake model!"));
        assertThat(conversationJson().path("optedOut").asBoolean()).isTrue();
    }

    @Test
    void startLiftsTheOptOutConfirmsAndReleasesTheQueuedMessages() throws Exception {
        userWrites("STOP");
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioBodies().size() == 1);
        UUID conversation = conversation();
        jdbc.update("""
                INSERT INTO kommo_messages (conversation_id, provider, role, content, metadata, delivery_status)
                VALUES (?, 'twilio', 'assistant', 'Held for you', '{"author":"agent"}', 'queued')""", conversation);

        userWrites("start");

        await().atMost(Duration.ofSeconds(20)).until(() -> twilioBodies().size() == 3);
        assertThat(twilioBodies().subList(1, 3)).containsExactly("Held for you",
                "You will get our messages again. Send STOP to stop them.");
        assertThat(conversationJson().path("optedOut").asBoolean()).isFalse();
        assertThat(modelCalls()).isZero();
    }

    @Test
    void startFromAUserWhoNeverOptedOutIsAnOrdinaryMessageAndIsAnswered() {
        userWrites("START");

        await().atMost(Duration.ofSeconds(20)).until(() -> twilioBodies().size() == 1);
        assertThat(twilioBodies()).containsExactly("Hello from the fake model!");
    }

    @Test
    void aSentenceThatContainsAKeywordIsAnOrdinaryMessage() throws Exception {
        userWrites("Please stop sending the catalogue by post");

        await().atMost(Duration.ofSeconds(20)).until(() -> twilioBodies().size() == 1);
        assertThat(twilioBodies()).containsExactly("Hello from the fake model!");
        assertThat(conversationJson().path("optedOut").asBoolean()).isFalse();
    }

    @Test
    void aRedeliveredStopChangesNothing() {
        Map<String, String> stop = TwilioWebhooks.text("SM0000000000000000000000000000stop", PHONE, "STOP");
        postTwilio(stop);
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioBodies().size() == 1);

        assertThat(postTwilio(stop).statusCode()).isEqualTo(200);

        assertThat(count("SELECT count(*) FROM kommo_messages")).isEqualTo(2);
    }
}
