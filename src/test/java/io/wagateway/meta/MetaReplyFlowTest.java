package io.wagateway.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.meta.MetaWebhooks.MESSAGES_PATH;
import static io.wagateway.support.FakeProviders.GRAPH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.Fixtures;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.component.whatsapp.WhatsAppComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

class MetaReplyFlowTest extends GatewayIntegrationTest {

    private static final String TEXT_SIGNATURE =
            "sha256=7bce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c481";
    private static final String TEXT_WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
    /** The wamid of the status fixtures. */
    private static final String STATUS_WAMID = "wamid.xyzxyz";
    private final ObjectMapper json = new ObjectMapper();
    @Autowired
    private ApplicationContext application;
    @Autowired
    private CamelContext camel;

    @BeforeEach
    void graphAcceptsEveryMessage() {
        MetaWebhooks.graphAccepts();
    }

    private HttpResponse<String> postMeta(byte[] body, String signature) {
        return send(MetaWebhooks.request(port, body, signature));
    }

    private HttpResponse<String> postSigned(byte[] body) {
        return postMeta(body, MetaWebhooks.sign(body));
    }

    private HttpResponse<String> verify(String query) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/meta?" + query))
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    private List<LoggedRequest> graphRequests() {
        return GRAPH.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)));
    }

    @Test
    void whatsappComponentGetsTheGraphFakeAndTheConfiguredVersionWhateverOrderEqualCustomizersComeIn() {
        // Camel applies the customizers it finds, sorted by order; equal orders keep the registry's order,
        // which is not fixed: try both
        List<ComponentCustomizer> found =
                new ArrayList<>(application.getBeansOfType(ComponentCustomizer.class).values());
        for (int attempt = 0; attempt < 2; attempt++) {
            Collections.reverse(found);
            WhatsAppComponent component = new WhatsAppComponent();
            component.setCamelContext(camel);
            found.stream().sorted(Comparator.comparingInt(ComponentCustomizer::getOrder))
                    .filter(customizer -> customizer.isEnabled("whatsapp", component))
                    .forEach(customizer -> customizer.configure("whatsapp", component));

            assertThat(component.getBaseUri()).isEqualTo(FakeProviders.graphBaseUrl());
            assertThat(component.getApiVersion()).isEqualTo(FakeProviders.META_API_VERSION);
            assertThat(component.getAuthorizationToken()).isEqualTo(FakeProviders.META_ACCESS_TOKEN);
            assertThat(component.getClient()).isInstanceOf(GraphHttpClient.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "meta-inbound-text.json | "
                    + "sha256=7bce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c481 | "
                    + "+16505551234 | Sheena Nelson | " + TEXT_WAMID + " | text | Does it come in another color?",
            "meta-inbound-image.json | "
                    + "sha256=65a31906411a865225ab2f105a6ea6e42b0fd4b8a0248723775a0df46d8b0366 | "
                    + "+972987654321 | Test Name | wamid.xyzxyz | image | [image: image/jpeg]",
            "meta-inbound-document.json | "
                    + "sha256=fd24805b15f568d63993eca89994e10f901229e2f75bdcdd5ad142662b4210e8 | "
                    + "+972987654321 | Test Name | wamid.xyzxyz | file | caption",
            "meta-inbound-audio-voice.json | "
                    + "sha256=cb751413b8a467d7c24bfd37ed1e1bbe758d48f359eabcaeed019d60c7244d15 | "
                    + "+972987654321 | Test Name | wamid.xyzxyz | file | [voice message: audio/ogg; codecs=opus]",
            "meta-inbound-location.json | "
                    + "sha256=8f333a7e90236a1eb1fe613fb8998c24604f78a3aa879487d7e5057c92624b23 | "
                    + "+972987654321 | Test Name | wamid.xyzxyz | location | "
                    + "[location: Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025, 37.4611978, -122.2164385]",
            "meta-inbound-sticker.json | "
                    + "sha256=c0aafbd4728a2c2efd1b2e177a41af76b418c91a69a972ce79467495ab0226dd | "
                    + "+972987654321 | Test Name | wamid.xyzxyz | file | [sticker: image/webp]",
            "meta-inbound-interactive-button-reply.json | "
                    + "sha256=99f68be1f43a2f5d053fa4070e4af79deccde86c7572755d1ce568fc73c571a7 | "
                    + "+972987654321 | Test Name | wamid.xyzxyz | text | title",
            "meta-inbound-button.json | "
                    + "sha256=f063fee053a27a1ddca93810ab8f3c87d89f2305fce69ec77060f11aca3f46c4 | "
                    + "+5678 | Kerry Fisher | external_id | text | No",
    })
    void fixturePostedWithItsPublishedSignatureIsStored(String fixture, String signature, String phone,
                                                         String contactName, String wamid, String type,
                                                         String content) throws Exception {
        HttpResponse<String> response = postMeta(Fixtures.bytes(fixture), signature);

        assertThat(response.statusCode()).isEqualTo(200);
        // acknowledged only after commit: the rows are there the moment the answer is
        assertThat(jdbc.queryForMap("SELECT provider, phone, contact_name, status FROM kommo_conversations"))
                .containsEntry("provider", "meta").containsEntry("phone", phone)
                .containsEntry("contact_name", contactName).containsEntry("status", "active");
        Map<String, Object> message = jdbc.queryForMap("SELECT provider, provider_message_id, role, message_type, "
                + "content, metadata::text AS metadata FROM kommo_messages WHERE role = 'user'");
        assertThat(message).containsEntry("provider", "meta").containsEntry("provider_message_id", wamid)
                .containsEntry("message_type", type).containsEntry("content", content);
        JsonNode metadata = json.readTree((String) message.get("metadata"));
        assertThat(metadata.path("waId").asText()).isEqualTo(phone.substring(1));
        if (!type.equals("text") && !type.equals("location")) {
            assertThat(metadata.path("media").path("id").asText()).isNotBlank();
            assertThat(metadata.path("media").path("contentType").asText()).isNotBlank();
        }
        if (type.equals("location")) {
            assertThat(metadata.path("location").path("latitude").asDouble()).isEqualTo(37.4611978);
        }
    }

    @Test
    void signedTextIsStoredAndAnsweredByTheModelThroughTheGraphApi() throws Exception {
        HttpResponse<String> response = postMeta(Fixtures.bytes("meta-inbound-text.json"), TEXT_SIGNATURE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT content, provider_message_id FROM kommo_messages WHERE role = 'user'"))
                .containsEntry("content", "Does it come in another color?")
                .containsEntry("provider_message_id", TEXT_WAMID);

        Map<String, Object> reply = awaitReply("accepted");
        assertThat(reply).containsEntry("content", "Hello from the fake model!");
        List<ServeEvent> calls = GRAPH.getAllServeEvents();
        assertThat(calls).hasSize(1);
        LoggedRequest sent = calls.get(0).getRequest();
        assertThat(sent.getUrl()).isEqualTo(MESSAGES_PATH);
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + FakeProviders.META_ACCESS_TOKEN);
        assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
        assertThat(json.readTree(sent.getBodyAsString())).isEqualTo(json.readTree(
                "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"16505551234\","
                        + "\"type\":\"text\",\"text\":{\"body\":\"Hello from the fake model!\","
                        + "\"preview_url\":false}}"));
        String returnedWamid = json.readTree(calls.get(0).getResponse().getBodyAsString())
                .path("messages").path(0).path("id").asText();
        assertThat(returnedWamid).startsWith("wamid.");
        assertThat(reply).containsEntry("provider_message_id", returnedWamid);
    }

    @Test
    void twoEntriesWithThreeMessagesAreAllStoredAndAllAnswered() {
        byte[] body = MetaWebhooks.notification(
                MetaWebhooks.textMessages(new String[] {"15550000001", "Ana", "wamid.MULTI1", "first"},
                        new String[] {"15550000002", "Bruno", "wamid.MULTI2", "second"}),
                MetaWebhooks.textMessages(new String[] {"15550000003", "Carla", "wamid.MULTI3", "third"}));

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT m.provider_message_id || ' ' || c.phone || ' ' || c.contact_name "
                + "|| ' ' || m.content FROM kommo_messages m JOIN kommo_conversations c ON c.id = m.conversation_id "
                + "WHERE m.role = 'user' ORDER BY m.seq", String.class))
                .containsExactly("wamid.MULTI1 +15550000001 Ana first", "wamid.MULTI2 +15550000002 Bruno second",
                        "wamid.MULTI3 +15550000003 Carla third");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = 'accepted'") == 3);
        assertThat(graphRequests()).extracting(request -> readTree(request.getBodyAsString()).path("to").asText())
                .containsExactlyInAnyOrder("15550000001", "15550000002", "15550000003");
        assertThat(count("SELECT count(DISTINCT provider_message_id) FROM kommo_messages WHERE role = 'assistant'"))
                .isEqualTo(3);
    }

    @Test
    void redeliveredWamidIsAcknowledgedAgainButStoredAndAnsweredOnce() {
        assertThat(postMeta(Fixtures.bytes("meta-inbound-text.json"), TEXT_SIGNATURE).statusCode()).isEqualTo(200);
        awaitReply("accepted");

        HttpResponse<String> again = postMeta(Fixtures.bytes("meta-inbound-text.json"), TEXT_SIGNATURE);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
        workers().awaitRepliesSettled();
        assertThat(graphRequests()).hasSize(1);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
    }

    @Test
    void forgedSignatureIsRefusedWith403AndNothingIsStored() {
        HttpResponse<String> response = postMeta(Fixtures.bytes("meta-inbound-text.json"),
                "sha256=65a31906411a865225ab2f105a6ea6e42b0fd4b8a0248723775a0df46d8b0366");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"error\":\"invalid signature\"");
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    @Test
    void missingSignatureIsRefusedWith403AndNothingIsStored() {
        assertThat(postMeta(Fixtures.bytes("meta-inbound-text.json"), null).statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void bodyThatIsNotJsonIsA400WithAJsonErrorNotA500() throws Exception {
        HttpResponse<String> response = postSigned("{\"object\":\"whatsapp_business_account\",\"entry\":["
                .getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("malformed JSON");
        assertThat(error.get("detail").asText()).isNotBlank();
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    @Test
    void notificationOfAnotherFieldIsAcknowledgedAndStoresNothing() {
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
                + "\"time\":1749416383,\"changes\":[{\"field\":\"account_update\",\"value\":{"
                + "\"phone_number\":\"15550783881\",\"event\":\"VERIFIED_ACCOUNT\"}}]}]}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void verificationHandshakeWithTheVerifyTokenIsAnsweredWithTheChallenge() {
        HttpResponse<String> response = verify("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
                + FakeProviders.META_VERIFY_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo("1158201444");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock",
            "hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=test-verify-token",
            "hub.mode=subscribe&hub.challenge=1158201444",
            "hub.challenge=1158201444&hub.verify_token=test-verify-token"})
    void verificationHandshakeWithAWrongTokenOrModeIsRefusedWith403(String query) {
        HttpResponse<String> response = verify(query);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("1158201444");
    }

    @Test
    void sentThenReadThenALateDeliveredLeavesRead() {
        UUID message = outgoingMessage(STATUS_WAMID, "accepted");

        assertThat(postMeta(Fixtures.bytes("meta-status-sent.json"),
                "sha256=4fb30eed151cf2bea36f2199a07c2b85257bf13bd39b3b82c7283ffe32cb9de7").statusCode()).isEqualTo(200);
        assertThat(deliveryStatus(message)).isEqualTo("sent");
        assertThat(postMeta(Fixtures.bytes("meta-status-read.json"),
                "sha256=8587217e4a7b4aa13af8c91f96c844a9e3079f6a91dafc74c98653204672dd00").statusCode()).isEqualTo(200);
        assertThat(deliveryStatus(message)).isEqualTo("read");
        assertThat(postMeta(Fixtures.bytes("meta-status-delivered.json"),
                "sha256=6fd3b3b063bd269d76924c765975ff1476f87e85886582e838b41e8f974793fb").statusCode()).isEqualTo(200);

        assertThat(deliveryStatus(message)).isEqualTo("read");
    }

    @Test
    void failedStatusRecordsMetasErrorCodeAndText() {
        UUID message = outgoingMessage(STATUS_WAMID, "sent");

        assertThat(postMeta(Fixtures.bytes("meta-status-failed-130472.json"),
                "sha256=a9fa58171f38d277963fe1c31291bdad56af8982d9ee18cf1b898590945268ae").statusCode()).isEqualTo(200);

        Map<String, Object> row = jdbc.queryForMap("SELECT delivery_status, delivery_error_code, delivery_error "
                + "FROM kommo_messages WHERE id = ?", message);
        assertThat(row).containsEntry("delivery_status", "failed").containsEntry("delivery_error_code", "130472");
        assertThat(row.get("delivery_error")).asString().contains("User's number is part of an experiment");
    }

    @Test
    void statusOfAnUnknownWamidIsAcknowledgedChangesNoMessageAndIsKept() {
        UUID message = outgoingMessage("wamid.SOMETHING_ELSE", "accepted");

        HttpResponse<String> response = postMeta(Fixtures.bytes("meta-status-read.json"),
                "sha256=8587217e4a7b4aa13af8c91f96c844a9e3079f6a91dafc74c98653204672dd00");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(deliveryStatus(message)).isEqualTo("accepted");
        assertThat(count("SELECT count(*) FROM kommo_messages")).isEqualTo(1);
        // kept, in case its send has not recorded the wamid yet
        assertThat(count("SELECT count(*) FROM early_delivery_statuses WHERE provider = 'meta'")).isEqualTo(1);
    }

    @Test
    void statusesOfOurOwnReplyFollowItThroughTheConversation() {
        postMeta(Fixtures.bytes("meta-inbound-text.json"), TEXT_SIGNATURE);
        String wamid = (String) awaitReply("accepted").get("provider_message_id");

        HttpResponse<String> delivered = postSigned(MetaWebhooks.notification(MetaWebhooks.status(wamid, "delivered")));

        assertThat(delivered.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE role = 'assistant'",
                String.class)).isEqualTo("delivered");
    }

    @Test
    void failedStatusWith131047SendsTheReplyThroughTheOutsideWindowPathOnce() {
        postMeta(Fixtures.bytes("meta-inbound-text.json"), TEXT_SIGNATURE);
        String wamid = (String) awaitReply("accepted").get("provider_message_id");
        jdbc.update("UPDATE kommo_conversations SET last_user_message_at = now() - interval '25 hours'");

        HttpResponse<String> failed = postSigned(MetaWebhooks.notification("\"statuses\":[{\"id\":\"" + wamid
                + "\",\"status\":\"failed\",\"timestamp\":\"1749416400\",\"recipient_id\":\"16505551234\","
                + "\"errors\":[{\"code\":131047,\"title\":\"Re-engagement message\",\"message\":\"Re-engagement "
                + "message\",\"error_data\":{\"details\":\"Message failed to send because more than 24 hours have "
                + "passed since the customer last replied to this number.\"}}]}]"));

        assertThat(failed.statusCode()).isEqualTo(200);
        // no template configured in this context: it waits for the user
        await().atMost(Duration.ofSeconds(20)).until(() -> "queued".equals(jdbc.queryForObject(
                "SELECT delivery_status FROM kommo_messages WHERE role = 'assistant'", String.class)));
        assertThat(jdbc.queryForObject("SELECT metadata->'windowRefused'->>'code' FROM kommo_messages "
                + "WHERE role = 'assistant'", String.class)).isEqualTo("131047");
        assertThat(graphRequests()).hasSize(1);
    }

    @Test
    void graph4xxIsRecordedWithMetasErrorCodeAndNotRetried() {
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\","
                        + "\"code\":100,\"error_data\":{\"messaging_product\":\"whatsapp\","
                        + "\"details\":\"Parameter 'to' is invalid\"},\"fbtrace_id\":\"Az8or2yhqkZfEZ-_4Qn_Bam\"}}")));

        postMeta(Fixtures.bytes("meta-inbound-text.json"), TEXT_SIGNATURE);

        Map<String, Object> reply = awaitReply("failed");
        assertThat(reply).containsEntry("delivery_error_code", "100");
        assertThat(reply.get("delivery_error")).asString().contains("Invalid parameter");
        assertThat(reply.get("provider_message_id")).isNull();
        workers().awaitSendsSettled();
        assertThat(graphRequests()).hasSize(1);
    }

    @Test
    void graphRefusingFreeFormTextWith131047QueuesTheReplyOnceWhenNoTemplateIsConfigured() {
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("meta-error-131047.json"))));

        postMeta(Fixtures.bytes("meta-inbound-text.json"), TEXT_SIGNATURE);

        awaitReply("queued");
        assertThat(jdbc.queryForObject("SELECT metadata->'windowRefused'->>'code' FROM kommo_messages "
                + "WHERE role = 'assistant'", String.class)).isEqualTo("131047");
        workers().awaitSendsSettled();
        assertThat(graphRequests()).hasSize(1);
    }

    @ParameterizedTest(name = "Graph {0} then success")
    @ValueSource(ints = {500, 429})
    void graphServerErrorOrRateLimitThenSuccessSendsTheReplyOnce(int status) {
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(status == 429
                                ? new String(Fixtures.bytes("meta-error-130429.json"), StandardCharsets.UTF_8)
                                : "{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"OAuthException\","
                                + "\"code\":1,\"fbtrace_id\":\"A1\"}}")));
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(MetaWebhooks.accepted()));

        postMeta(Fixtures.bytes("meta-inbound-text.json"), TEXT_SIGNATURE);

        Map<String, Object> reply = awaitReply("accepted");
        assertThat((String) reply.get("provider_message_id")).startsWith("wamid.");
        assertThat(graphRequests()).hasSize(2);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
    }

    @Test
    void droppedConnectionThenSuccessSendsTheReplyInsteadOfHanging() {
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("network")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("network")
                .whenScenarioStateIs("recovered").willReturn(MetaWebhooks.accepted()));

        postMeta(Fixtures.bytes("meta-inbound-text.json"), TEXT_SIGNATURE);

        Map<String, Object> reply = awaitReply("accepted");
        assertThat((String) reply.get("provider_message_id")).startsWith("wamid.");
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant'")).isEqualTo(1);
    }

    /** An outgoing message the gateway already handed to Meta, with that wamid. */
    private UUID outgoingMessage(String wamid, String status) {
        UUID conversation = jdbc.queryForObject("INSERT INTO kommo_conversations (provider, phone, contact_name, "
                + "status) VALUES ('meta', '+972987654321', 'Test Name', 'active') RETURNING id", UUID.class);
        return jdbc.queryForObject("INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, "
                + "content, message_type, delivery_status, delivery_updated_at) VALUES (?, 'meta', ?, 'assistant', "
                + "'Hello', 'text', ?, now()) RETURNING id", UUID.class, conversation, wamid, status);
    }

    private String deliveryStatus(UUID message) {
        return jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, message);
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> awaitReply(String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ?", status) > 0);
        return jdbc.queryForMap("SELECT content, provider_message_id, delivery_status, delivery_error_code, "
                + "delivery_error FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ? "
                + "ORDER BY seq DESC LIMIT 1", status);
    }
}
