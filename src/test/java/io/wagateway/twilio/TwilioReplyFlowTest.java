package io.wagateway.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import io.wagateway.webhook.FormBody;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioReplyFlowTest extends GatewayIntegrationTest {

    private static final String PHONE = "+5511999990001";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void signedWebhookIsStoredAndAnsweredByTheModelThroughTwilio() throws Exception {
        HttpResponse<String> response = postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000001", PHONE,
                "Do you open on Sundays?"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/xml"));
        assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        // acknowledged only after commit: the rows are there the moment the answer is
        Map<String, Object> conversation = jdbc.queryForMap(
                "SELECT provider, phone, contact_name, status, last_user_message_at FROM kommo_conversations");
        assertThat(conversation).containsEntry("provider", "twilio").containsEntry("phone", PHONE)
                .containsEntry("contact_name", "Maria Silva").containsEntry("status", "active");
        assertThat(conversation.get("last_user_message_at")).isNotNull();
        assertThat(jdbc.queryForMap("SELECT role, content, provider, provider_message_id FROM kommo_messages "
                + "WHERE role = 'user'"))
                .containsEntry("content", "Do you open on Sundays?").containsEntry("provider", "twilio")
                .containsEntry("provider_message_id", "SM00000000000000000000000000000001");

        Map<String, Object> reply = awaitReply("accepted");
        assertThat(reply).containsEntry("content", "Hello from the fake model!");
        assertThat((String) reply.get("provider_message_id")).startsWith("SM");

        List<LoggedRequest> sent = TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)));
        assertThat(sent).hasSize(1);
        Map<String, String> form = FormBody.parse(sent.get(0).getBody());
        assertThat(form).containsEntry("To", "whatsapp:" + PHONE)
                .containsEntry("From", FakeProviders.WHATSAPP_FROM)
                .containsEntry("Body", "Hello from the fake model!")
                .containsEntry("StatusCallback", PUBLIC_BASE_URL + "/webhooks/twilio/status");
        assertThat(sent.get(0).getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (FakeProviders.ACCOUNT_SID + ":" + FakeProviders.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));

        List<LoggedRequest> asked = OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")));
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).getHeader("Authorization")).isEqualTo("Bearer test-ai-key");
        JsonNode messages = json.readTree(asked.get(0).getBodyAsString()).get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Do you open on Sundays?");
        assertThat(jdbc.queryForObject("SELECT last_message_at >= (SELECT created_at FROM kommo_messages "
                + "WHERE role = 'assistant') FROM kommo_conversations", Boolean.class)).isTrue();
    }

    @Test
    void secondMessageSendsTheConversationHistoryToTheModelInOrder() throws Exception {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000011", PHONE, "Hi"));
        awaitReply("accepted");
        FakeProviders.aiAnswers("We open at 9.");
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000012", PHONE, "When do you open?"));

        await().atMost(Duration.ofSeconds(20)).until(() -> OPENAI.findAll(
                postRequestedFor(urlPathMatching(".*/chat/completions"))).size() == 2);
        JsonNode messages = json.readTree(OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")))
                .get(1).getBodyAsString()).get("messages");
        assertThat(messages).hasSize(4);
        assertThat(List.of(messages.get(1).get("content").asText(), messages.get(2).get("content").asText(),
                messages.get(3).get("content").asText()))
                .containsExactly("Hi", "Hello from the fake model!", "When do you open?");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("assistant");
    }

    @Test
    void httpHeadersNamedLikeSqlParametersCannotRedirectAMessageToAnotherConversation() {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000021", "+15550001111", "mine"));
        String victim = jdbc.queryForObject("SELECT id::text FROM kommo_conversations", String.class);
        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000022", PHONE, "hello");
        String signature = TwilioWebhooks.sign(PUBLIC_BASE_URL + "/webhooks/twilio", form, FakeProviders.AUTH_TOKEN);

        HttpResponse<String> response = send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/webhooks/twilio"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .header("conversationId", victim)
                .header("phone", "+15550001111")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(TwilioWebhooks.encode(form))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT c.phone FROM kommo_messages m JOIN kommo_conversations c "
                + "ON c.id = m.conversation_id WHERE m.provider_message_id = ?", String.class,
                "SM00000000000000000000000000000022")).isEqualTo(PHONE);
    }

    @Test
    void nulCharactersThatPostgresCannotStoreAreDroppedNotAnswered500() {
        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000023", PHONE, "a\u0000b");
        form.put("ProfileName", "An\u0000a");
        form.put("ButtonPayload", "x\u0000y");

        HttpResponse<String> response = postTwilio(form);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT content FROM kommo_messages WHERE role = 'user'", String.class))
                .isEqualTo("ab");
        assertThat(jdbc.queryForObject("SELECT contact_name FROM kommo_conversations", String.class)).isEqualTo("Ana");
        assertThat(jdbc.queryForObject("SELECT metadata->>'buttonPayload' FROM kommo_messages WHERE role = 'user'",
                String.class))
                .isEqualTo("xy");
    }

    @Test
    void forgedSignatureIsRefusedWith403AndNothingIsStored() {
        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000002", PHONE, "hi");
        HttpResponse<String> response = postForm("/webhooks/twilio", TwilioWebhooks.encode(form),
                "L/OH5YylLD5NRKLltdqwSvS0BnU=");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"error\"");
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    @Test
    void missingSignatureIsRefusedWith403() {
        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000003", PHONE, "hi");
        assertThat(postForm("/webhooks/twilio", TwilioWebhooks.encode(form), null).statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void missingFromIsA400WithAJsonErrorNamingTheField() throws Exception {
        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000004", PHONE, "hi");
        form.remove("From");
        HttpResponse<String> response = postTwilio(form);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("missing field From");
        assertThat(error.get("detail").asText()).isNotBlank();
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void malformedFormBodyIsA400NotA500() {
        HttpResponse<String> response = postForm("/webhooks/twilio", "MessageSid=SM1&From=%ZZ", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed form body");
    }

    @Test
    void redeliveredMessageSidIsAcknowledgedAgainButStoredAndAnsweredOnce() {
        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000005", PHONE, "hello");
        assertThat(postTwilio(form).statusCode()).isEqualTo(200);
        awaitReply("accepted");

        HttpResponse<String> again = postTwilio(form);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("<Response/>");
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
        workers().awaitRepliesSettled();
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).hasSize(1);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
    }

    @Test
    void twentyConcurrentFirstMessagesFromOnePhoneMakeOneConversation() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String sid = String.format("SM%032d", 100 + i);
                posts.add(() -> postTwilio(TwilioWebhooks.text(sid, "+15550001234", "burst " + sid)).statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(posts)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isEqualTo(20);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM reply_jobs") == 0);
    }

    @Test
    void escalatedConversationGetsNoAiReply() {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000006", PHONE, "first"));
        awaitReply("accepted");
        jdbc.update("UPDATE kommo_conversations SET status = 'escalated'");
        OPENAI.resetRequests();
        TWILIO.resetRequests();

        assertThat(postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000007", PHONE, "still there?"))
                .statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM reply_jobs") == 0);
        assertThat(OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")))).isEmpty();
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).isEmpty();
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
    }

    @Test
    void closedConversationIsOpenedAgainByANewUserMessageAndAnswered() {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000024", PHONE, "first"));
        awaitReply("accepted");
        jdbc.update("UPDATE kommo_conversations SET status = 'closed'");

        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000025", PHONE, "back again"));

        assertThat(jdbc.queryForObject("SELECT status FROM kommo_conversations", String.class)).isEqualTo("active");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant' "
                        + "AND delivery_status = 'accepted'") == 2);
    }

    @Test
    void failingModelEscalatesTheConversationAndSendsAHoldingMessage() {
        OPENAI.resetAll();
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":{\"message\":\"overloaded\"}}")));

        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000008", PHONE, "help"));

        Map<String, Object> holding = awaitReply("accepted");
        assertThat(holding.get("content")).asString().contains("person from our team");
        assertThat(jdbc.queryForObject("SELECT status FROM kommo_conversations", String.class)).isEqualTo("escalated");
        // bounded retries: gateway.retry.max-attempts = 3
        assertThat(OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")))).hasSize(3);
        assertThat(FormBody.parse(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).get(0)
                .getBody())).containsEntry("Body", holding.get("content").toString());
    }

    @Test
    void escalationKeywordHandsTheConversationToAPersonWithoutAskingTheModel() {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000009", PHONE, "I want a human please"));

        awaitReply("accepted");
        assertThat(jdbc.queryForObject("SELECT status FROM kommo_conversations", String.class)).isEqualTo("escalated");
        assertThat(OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")))).isEmpty();
    }

    @ParameterizedTest(name = "Twilio {0} then success")
    @ValueSource(ints = {500, 503, 429})
    void twilioServerErrorOrRateLimitThenSuccessSendsTheReplyOnce(int status) {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20" + status + ",\"message\":\"try later\",\"status\":" + status + "}")));
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(FakeProviders.twilioCreated()));

        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000010", PHONE, "hello"));

        Map<String, Object> reply = awaitReply("accepted");
        assertThat((String) reply.get("provider_message_id")).startsWith("SM");
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).hasSize(2);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
    }

    @Test
    void twilio4xxIsRecordedOnTheMessageAndNotRetried() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}")));

        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000013", PHONE, "hello"));

        Map<String, Object> reply = awaitReply("failed");
        assertThat(reply).containsEntry("delivery_error_code", "21211");
        assertThat(reply.get("delivery_error")).asString().contains("not a valid phone number");
        workers().awaitSendsSettled();
        assertThat(TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH)))).hasSize(1);
    }

    @Test
    void replyLongerThan1600CharactersIsSentAsSeveralMessagesInOrder() {
        String longReply = ("This sentence is part of a very long answer. ").repeat(80).trim();
        FakeProviders.aiAnswers(longReply);

        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000014", PHONE, "tell me everything"));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant' "
                        + "AND delivery_status = 'accepted'") == 3);
        List<String> bodies = TWILIO.findAll(postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES_PATH))).stream()
                .map(request -> FormBody.parse(request.getBody()).get("Body")).toList();
        assertThat(bodies).hasSize(3).allSatisfy(body -> assertThat(body.length()).isLessThanOrEqualTo(1600));
        assertThat(String.join(" ", bodies)).isEqualTo(longReply);
        assertThat(jdbc.queryForList("SELECT content FROM kommo_messages WHERE role = 'assistant' ORDER BY seq",
                String.class)).containsExactlyElementsOf(bodies);
    }

    private Map<String, Object> awaitReply(String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ?", status) > 0);
        return jdbc.queryForMap("SELECT content, provider_message_id, delivery_status, delivery_error_code, "
                + "delivery_error FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ? "
                + "ORDER BY seq DESC LIMIT 1", status);
    }
}
