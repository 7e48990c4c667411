package io.wagateway.kommo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.wagateway.kommo.KommoWebhooks.FIXTURE_CHAT_ID;
import static io.wagateway.kommo.KommoWebhooks.FIXTURE_MESSAGE_ID;
import static io.wagateway.support.FakeProviders.KOMMO;
import static io.wagateway.support.FakeProviders.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.Fixtures;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kommo flow end to end: the account webhook in, rows in PostgreSQL, the AI reply out through the fake
 * Kommo Chats API, checked request by request (body, Content-MD5, X-Signature).
 */
class KommoReplyFlowTest extends GatewayIntegrationTest {

    private static final String MESSAGES_PATH = "/v2/origin/custom/" + FakeProviders.KOMMO_SCOPE_ID;
    private static final String CHAT = "0d7c3c6e-7d1b-4d5a-9a43-5f0f4c1b2a01";
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void kommoAccepts() {
        KOMMO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(kommoCreated()));
    }

    /** Kommo's answer (fixtures/kommo-send-response.json), with a new msgid per call as Kommo's have. */
    private static ResponseDefinitionBuilder kommoCreated() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"new_message\":{"
                        + "\"conversation_id\":\"{{jsonPath request.body '$.payload.conversation_id'}}\","
                        + "\"sender_id\":\"" + FakeProviders.KOMMO_BOT_ID + "\","
                        + "\"receiver_id\":\"123e4567-e89b-12d3-a456-426614174000\","
                        + "\"msgid\":\"{{randomValue type='UUID'}}\","
                        + "\"ref_id\":\"{{jsonPath request.body '$.payload.msgid'}}\"}}");
    }

    @Test
    void incomingMessageIsStoredAndAnsweredByTheModelThroughASignedChatsApiRequest() throws Exception {
        HttpResponse<String> response = postKommo(Fixtures.bytes(KommoWebhooks.FIXTURE));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
        // acknowledged only after commit: the rows are there the moment the answer is
        Map<String, Object> conversation = jdbc.queryForMap("SELECT id, provider, kommo_chat_id, phone, contact_name, "
                + "status, metadata::text AS metadata FROM kommo_conversations");
        assertThat(conversation).containsEntry("provider", "kommo").containsEntry("kommo_chat_id", FIXTURE_CHAT_ID)
                .containsEntry("contact_name", "Adrbill").containsEntry("status", "active");
        assertThat(conversation.get("phone")).isNull();
        JsonNode conversationMetadata = json.readTree((String) conversation.get("metadata"));
        assertThat(conversationMetadata.path("talkId").asText()).isEqualTo("166");
        assertThat(conversationMetadata.path("contactId").asText()).isEqualTo("13311307");
        assertThat(conversationMetadata.path("origin").asText()).isEqualTo("onlinechat");
        assertThat(conversationMetadata.path("accountId").asText()).isEqualTo("31579862");
        assertThat(conversationMetadata.path("accountSubdomain").asText()).isEqualTo("dpoippk");
        Map<String, Object> user = jdbc.queryForMap("SELECT content, provider, provider_message_id, message_type, "
                + "metadata::text AS metadata FROM kommo_messages WHERE role = 'user'");
        assertThat(user).containsEntry("content", "test!").containsEntry("provider", "kommo")
                .containsEntry("provider_message_id", FIXTURE_MESSAGE_ID).containsEntry("message_type", "text");
        JsonNode userMetadata = json.readTree((String) user.get("metadata"));
        assertThat(userMetadata.path("authorId").asText()).isEqualTo("aaac520b-1d81-49e1-bdd3-f43d34341544");
        assertThat(userMetadata.path("authorName").asText()).isEqualTo("Adrbill");
        assertThat(userMetadata.path("direction").asText()).isEqualTo("incoming");

        Map<String, Object> reply = awaitReply("accepted");
        assertThat(reply).containsEntry("content", "Hello from the fake model!");

        List<LoggedRequest> sent = KOMMO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)));
        assertThat(sent).hasSize(1);
        LoggedRequest request = sent.get(0);
        JsonNode body = json.readTree(request.getBody());
        assertThat(body.path("event_type").asText()).isEqualTo("new_message");
        JsonNode payload = body.path("payload");
        assertThat(payload.path("msgid").asText()).isEqualTo(reply.get("id").toString());
        assertThat(payload.path("conversation_ref_id").asText()).isEqualTo(FIXTURE_CHAT_ID);
        assertThat(payload.path("conversation_id").asText()).isEqualTo(conversation.get("id").toString());
        assertThat(payload.path("sender").path("id").asText()).isEqualTo(FakeProviders.KOMMO_BOT_ID);
        assertThat(payload.path("sender").path("ref_id").asText()).isEqualTo(FakeProviders.KOMMO_BOT_ID);
        assertThat(payload.path("message").path("type").asText()).isEqualTo("text");
        assertThat(payload.path("message").path("text").asText()).isEqualTo("Hello from the fake model!");
        assertThat(payload.path("timestamp").asLong()).isPositive();
        assertThat(payload.path("msec_timestamp").asLong() / 1000).isEqualTo(payload.path("timestamp").asLong());

        String contentMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(request.getBody()));
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Content-MD5")).isEqualTo(contentMd5);
        assertThat(request.getHeader("Date"))
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(request.getHeader("X-Signature")).isEqualTo(hmacSha1(FakeProviders.KOMMO_CHANNEL_SECRET,
                String.join("\n", "POST", contentMd5, request.getHeader("Content-Type"), request.getHeader("Date"),
                        request.getUrl())));

        // Kommo's msgid is the provider message id of the reply
        String answered = json.readTree(KOMMO.getAllServeEvents().get(0).getResponse().getBodyAsString())
                .path("new_message").path("msgid").asText();
        assertThat(reply.get("provider_message_id")).isEqualTo(answered);

        JsonNode messages = json.readTree(OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")))
                .get(0).getBodyAsString()).get("messages");
        assertThat(messages.get(messages.size() - 1).get("content").asText()).isEqualTo("test!");
    }

    @Test
    void outgoingMessageOfAPersonIsStoredAsTheAgentsAndEscalatesWithoutAnyAiReply() throws Exception {
        HttpResponse<String> response = postKommo(KommoWebhooks.message(0, "a0000000-0000-0000-0000-000000000001",
                CHAT, "outgoing", "Hi, this is Olga from sales."));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> conversation = jdbc.queryForMap(
                "SELECT status, kommo_chat_id, metadata::text AS metadata FROM kommo_conversations");
        assertThat(conversation).containsEntry("status", "escalated").containsEntry("kommo_chat_id", CHAT);
        assertThat(json.readTree((String) conversation.get("metadata")).path("escalatedBy").asText())
                .isEqualTo("agent");
        Map<String, Object> agent = jdbc.queryForMap("SELECT role, content, provider_message_id, delivery_status, "
                + "metadata::text AS metadata FROM kommo_messages");
        assertThat(agent).containsEntry("role", "assistant").containsEntry("content", "Hi, this is Olga from sales.")
                .containsEntry("provider_message_id", "a0000000-0000-0000-0000-000000000001")
                .containsEntry("delivery_status", "sent");
        JsonNode metadata = json.readTree((String) agent.get("metadata"));
        assertThat(metadata.path("author").asText()).isEqualTo("agent");
        assertThat(metadata.path("authorName").asText()).isEqualTo("Olga (sales)");
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();

        // the client answers the person: stored, but the AI stays silent
        assertThat(postKommo(KommoWebhooks.message(0, "a0000000-0000-0000-0000-000000000002", CHAT, "incoming",
                "Thanks Olga!")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM reply_jobs") == 0);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
        assertThat(OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")))).isEmpty();
        assertThat(KOMMO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)))).isEmpty();
    }

    @Test
    void echoOfOurOwnReplyWithItsKommoMsgidIsIgnored() {
        postKommo(KommoWebhooks.message(0, "b0000000-0000-0000-0000-000000000001", CHAT, "incoming", "hello"));
        String msgid = (String) awaitReply("accepted").get("provider_message_id");

        // Kommo reports the reply it delivered as an outgoing message of the chat, under its msgid
        HttpResponse<String> echo = postKommo(KommoWebhooks.message(0, msgid, CHAT, "outgoing",
                "Hello from the fake model!"));

        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM kommo_messages")).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT status FROM kommo_conversations", String.class)).isEqualTo("active");
    }

    @Test
    void outgoingMessageWrittenByTheChannelBotIsIgnored() {
        postKommo(KommoWebhooks.message(0, "c0000000-0000-0000-0000-000000000001", CHAT, "incoming", "hello"));
        awaitReply("accepted");
        Map<String, String> echo = KommoWebhooks.message(0, "c0000000-0000-0000-0000-0000000000ff", CHAT,
                "outgoing", "Hello from the fake model!");
        echo.put("message[add][0][author][id]", FakeProviders.KOMMO_BOT_ID);
        echo.put("message[add][0][author][type]", "bot");

        assertThat(postKommo(echo).statusCode()).isEqualTo(200);

        assertThat(count("SELECT count(*) FROM kommo_messages")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE provider_message_id = ?",
                "c0000000-0000-0000-0000-0000000000ff")).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM kommo_conversations", String.class)).isEqualTo("active");
    }

    @Test
    void wrongOrMissingSecretIsRefusedWith403AndNothingIsStored() {
        byte[] body = Fixtures.bytes(KommoWebhooks.FIXTURE);

        HttpResponse<String> wrong = postWebhook("/webhooks/kommo?secret=not-the-secret", body);
        HttpResponse<String> missing = postWebhook("/webhooks/kommo", body);
        HttpResponse<String> inHeaderOnly = send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhooks/kommo"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("secret", FakeProviders.KOMMO_WEBHOOK_SECRET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("\"error\":\"invalid secret\"");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(inHeaderOnly.statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    @Test
    void twoMessagesInOneBodyAreBothStoredInNOrder() {
        Map<String, String> form = KommoWebhooks.account();
        KommoWebhooks.addMessage(form, 1, "d0000000-0000-0000-0000-000000000002", CHAT, "incoming", "second");
        KommoWebhooks.addMessage(form, 0, "d0000000-0000-0000-0000-000000000001", CHAT, "incoming", "first");

        assertThat(postKommo(form).statusCode()).isEqualTo(200);

        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT content FROM kommo_messages WHERE role = 'user' ORDER BY seq",
                String.class)).containsExactly("first", "second");
        // each message is committed on its own, so the model may already answer the first before the second
        // is stored: one or two replies, each sent once into the chat
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM reply_jobs")
                + count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'pending'") == 0);
        List<LoggedRequest> sent = KOMMO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)));
        assertThat(sent).hasSize(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant' "
                + "AND delivery_status = 'accepted'")).isNotEmpty();
        assertThat(sent).allSatisfy(request -> assertThat(json.readTree(request.getBody())
                .path("payload").path("conversation_ref_id").asText()).isEqualTo(CHAT));
    }

    @Test
    void redeliveredWebhookIsAcknowledgedAgainButStoredOnce() {
        byte[] body = Fixtures.bytes(KommoWebhooks.FIXTURE);
        assertThat(postKommo(body).statusCode()).isEqualTo(200);
        awaitReply("accepted");

        assertThat(postKommo(body).statusCode()).isEqualTo(200);

        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
    }

    @Test
    void messageWithoutChatIdIsA400NamingTheFieldAndNothingIsStored() throws Exception {
        Map<String, String> form = KommoWebhooks.message(0, "e0000000-0000-0000-0000-000000000001", CHAT,
                "incoming", "ok");
        KommoWebhooks.addMessage(form, 1, "e0000000-0000-0000-0000-000000000002", CHAT, "incoming", "no chat");
        form.remove("message[add][1][chat_id]");

        HttpResponse<String> response = postKommo(form);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("missing field message[add][1][chat_id]");
        assertThat(error.get("detail").asText()).isNotBlank();
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    @Test
    void otherKommoEventIsAcknowledgedAndIgnored() {
        HttpResponse<String> response = postWebhook("/webhooks/kommo?secret=" + FakeProviders.KOMMO_WEBHOOK_SECRET,
                "account%5Bid%5D=31579862&talk%5Badd%5D%5B0%5D%5Btalk_id%5D=166".getBytes(StandardCharsets.US_ASCII));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    @Test
    void kommo400IsRecordedOnTheMessageAndNotRetried() {
        KOMMO.resetAll();
        KOMMO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"conversation_ref_id: chat not found\"}")));

        postKommo(KommoWebhooks.message(0, "f0000000-0000-0000-0000-000000000001", CHAT, "incoming", "hello"));

        Map<String, Object> reply = awaitReply("failed");
        assertThat(reply).containsEntry("delivery_error_code", "http_400");
        assertThat(reply.get("delivery_error")).asString().contains("chat not found");
        workers().awaitSendsSettled();
        assertThat(KOMMO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)))).hasSize(1);
    }

    @Test
    void kommo500ThenSuccessSendsTheReplyOnce() throws Exception {
        KOMMO.resetAll();
        KOMMO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"internal\"}")));
        KOMMO.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(kommoCreated()));

        postKommo(KommoWebhooks.message(0, "f0000000-0000-0000-0000-000000000002", CHAT, "incoming", "hello"));

        Map<String, Object> reply = awaitReply("accepted");
        assertThat(reply.get("provider_message_id")).isNotNull();
        List<LoggedRequest> sent = KOMMO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)));
        assertThat(sent).hasSize(2);
        // the retry is the same message: same msgid, Kommo's idempotency key
        assertThat(json.readTree(sent.get(1).getBody()).path("payload").path("msgid").asText())
                .isEqualTo(json.readTree(sent.get(0).getBody()).path("payload").path("msgid").asText());
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
    }

    private HttpResponse<String> postKommo(Map<String, String> form) {
        return postKommo(TwilioWebhooks.encode(form).getBytes(StandardCharsets.US_ASCII));
    }

    private HttpResponse<String> postKommo(byte[] body) {
        return postWebhook("/webhooks/kommo?secret=" + FakeProviders.KOMMO_WEBHOOK_SECRET, body);
    }

    private HttpResponse<String> postWebhook(String pathAndQuery, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private Map<String, Object> awaitReply(String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ?", status) > 0);
        return jdbc.queryForMap("SELECT id, content, provider_message_id, delivery_status, delivery_error_code, "
                + "delivery_error FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ? "
                + "ORDER BY seq DESC LIMIT 1", status);
    }

    private static String hmacSha1(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
