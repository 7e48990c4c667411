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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.Fixtures;
import io.wagateway.support.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp users known by a business-scoped user id (BSUID) through the Meta webhook, end to end: stored,
 * answered through {@code recipient}, linked to their phone, their identity changes, their statuses.
 */
class MetaUserIdFlowTest extends GatewayIntegrationTest {

    private static final String BSUID = "BR.1582043977165209";
    private static final String NEW_BSUID = "BR.2093715548801634";
    private static final String BSUID_ONLY = "meta-inbound-text-bsuid-only.json";
    private static final String BSUID_AND_PHONE = "meta-inbound-text-bsuid-and-phone.json";
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void graphAcceptsEveryMessage() {
        MetaWebhooks.graphAcceptsPhonesAndUserIds();
    }

    private HttpResponse<String> postSigned(byte[] body) {
        return send(MetaWebhooks.request(port, body, MetaWebhooks.sign(body)));
    }

    private HttpResponse<String> postFixture(String fixture) {
        return postSigned(Fixtures.bytes(fixture));
    }

    private List<JsonNode> graphRequests() {
        return GRAPH.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH))).stream()
                .map(LoggedRequest::getBodyAsString).map(this::readTree).toList();
    }

    private Map<String, Object> awaitReplies(int count, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = ?",
                status) == count);
        return jdbc.queryForMap("SELECT id, provider_message_id, delivery_status, delivery_error_code, delivery_error "
                + "FROM kommo_messages WHERE role = 'assistant' ORDER BY seq DESC LIMIT 1");
    }

    @Test
    void userKnownOnlyByTheBsuidIsStoredAnsweredThroughRecipientAndShownByTheApi() throws Exception {
        HttpResponse<String> response = postFixture(BSUID_ONLY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT phone, user_id, username, contact_name FROM kommo_conversations"))
                .containsEntry("phone", null).containsEntry("user_id", BSUID).containsEntry("username", "mari.costa")
                .containsEntry("contact_name", "Mariana Costa");
        Map<String, Object> reply = awaitReplies(1, "accepted");
        assertThat(graphRequests()).singleElement().isEqualTo(json.readTree(
                "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"recipient\":\"" + BSUID + "\","
                        + "\"type\":\"text\",\"text\":{\"body\":\"Hello from the fake model!\","
                        + "\"preview_url\":false}}"));
        assertThat((String) reply.get("provider_message_id")).startsWith("wamid.");

        JsonNode page = readTree(get("/api/conversations?userId=" + BSUID).body());
        assertThat(page.path("conversations")).hasSize(1);
        JsonNode conversation = page.path("conversations").path(0);
        assertThat(conversation.path("userId").asText()).isEqualTo(BSUID);
        assertThat(conversation.path("username").asText()).isEqualTo("mari.costa");
        assertThat(conversation.path("phone").isNull()).isTrue();
        JsonNode messages =
                readTree(get("/api/conversations/" + conversation.path("id").asText() + "/messages").body());
        assertThat(messages.path("messages")).extracting(m -> m.path("role").asText())
                .containsExactly("user", "assistant");
    }

    @Test
    void theSameUserWritingLaterWithThePhoneStaysOneConversationAndIsAnsweredOnThePhone() {
        postFixture(BSUID_ONLY);
        awaitReplies(1, "accepted");

        assertThat(postFixture(BSUID_AND_PHONE).statusCode()).isEqualTo(200);

        assertThat(jdbc.queryForList("SELECT phone || ' ' || user_id FROM kommo_conversations", String.class))
                .containsExactly("+5511999990042 " + BSUID);
        assertThat(count("SELECT count(DISTINCT conversation_id) FROM kommo_messages")).isEqualTo(1);
        awaitReplies(2, "accepted");
        // Meta recommends the phone whenever it is known
        assertThat(graphRequests().get(1).path("to").asText()).isEqualTo("5511999990042");
        assertThat(graphRequests().get(1).has("recipient")).isFalse();
    }

    @Test
    void twoSimultaneousFirstMessagesOfABsuidUserMakeOneConversation() throws Exception {
        String first = new String(Fixtures.bytes(BSUID_ONLY), StandardCharsets.UTF_8);
        String second = first.replace("wamid.HBgTQlIuMTU4MjA0Mzk3NzE2NTIwORUCABIYFDNBN0YwQzJFOTFCODRENkE1QzEzAA==",
                "wamid.SECOND");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> posts = List.of(first, second, first).stream()
                .map(body -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return postSigned(body.getBytes(StandardCharsets.UTF_8)).statusCode();
                })).toList();
        start.countDown();

        assertThat(posts).allSatisfy(post -> assertThat(post.get()).isEqualTo(200));
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user'")).isEqualTo(2);
    }

    @Test
    void phoneAndBsuidOfTwoConversationsMergeThemIntoOneThatTheApiShows() {
        assertThat(postSigned(MetaWebhooks.notification(MetaWebhooks.textMessages(
                new String[] {"5511999990042", "Mariana", "wamid.PHONE", "oi"}))).statusCode()).isEqualTo(200);
        assertThat(postFixture(BSUID_ONLY).statusCode()).isEqualTo(200);
        awaitReplies(2, "accepted");
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(2);

        assertThat(postFixture(BSUID_AND_PHONE).statusCode()).isEqualTo(200);

        JsonNode listed = readTree(get("/api/conversations?provider=meta").body()).path("conversations");
        assertThat(listed).hasSize(1);
        assertThat(listed.path(0).path("phone").asText()).isEqualTo("+5511999990042");
        assertThat(listed.path(0).path("userId").asText()).isEqualTo(BSUID);
        String survivor = listed.path(0).path("id").asText();
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'user' AND conversation_id::text = ?",
                survivor)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE conversation_id::text <> ?", survivor)).isZero();
        JsonNode merged = readTree(get("/api/conversations?status=merged").body()).path("conversations");
        assertThat(merged).singleElement()
                .satisfies(m -> assertThat(m.path("mergedInto").asText()).isEqualTo(survivor));
        assertThat(readTree(get("/api/stats/providers").body()).path(2).path("total").asInt()).isEqualTo(1);
        awaitReplies(3, "accepted");
    }

    @Test
    void bsuidChangeLinksTheNewBsuidToTheConversationAsASystemMessageWithoutAReply() {
        postFixture(BSUID_ONLY);
        awaitReplies(1, "accepted");
        UUID conversation = jdbc.queryForObject("SELECT id FROM kommo_conversations", UUID.class);

        assertThat(postFixture("meta-inbound-system-user-changed-user-id.json").statusCode()).isEqualTo(200);

        // committed before the answer: no reply job was asked for
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
        assertThat(jdbc.queryForMap("SELECT role, content, metadata -> 'identityChange' ->> 'userId' AS new_id "
                + "FROM kommo_messages WHERE role = 'system'"))
                .containsEntry("role", "system").containsEntry("new_id", NEW_BSUID)
                .containsEntry("content", "[system message: User Mariana Costa changed from " + BSUID + " to "
                        + NEW_BSUID + "]");
        assertThat(jdbc.queryForObject("SELECT user_id FROM kommo_conversations WHERE id = ?", String.class,
                conversation)).isEqualTo(NEW_BSUID);
        // redelivered: nothing more
        assertThat(postFixture("meta-inbound-system-user-changed-user-id.json").statusCode()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'system'")).isEqualTo(1);
        // the user's next message, from the new BSUID, is the same conversation, answered once
        byte[] fromNewBsuid = new String(Fixtures.bytes(BSUID_ONLY), StandardCharsets.UTF_8).replace(BSUID, NEW_BSUID)
                .replace("wamid.HBgTQlIuMTU4MjA0Mzk3NzE2NTIwORUCABIYFDNBN0YwQzJFOTFCODRENkE1QzEzAA==", "wamid.NEW")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(postSigned(fromNewBsuid).statusCode()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(1);
        awaitReplies(2, "accepted");
        assertThat(graphRequests()).hasSize(2);
        assertThat(graphRequests().get(1).path("recipient").asText()).isEqualTo(NEW_BSUID);
    }

    @Test
    void userIdUpdateFieldLinksTheNewBsuidToo() {
        postFixture(BSUID_ONLY);
        awaitReplies(1, "accepted");

        assertThat(postFixture("meta-user-id-update.json").statusCode()).isEqualTo(200);

        assertThat(jdbc.queryForList("SELECT user_id FROM kommo_conversations", String.class))
                .containsExactly(NEW_BSUID);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'system'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
    }

    @Test
    void identityChangeOfAUserNobodyKnowsIsAcknowledgedAndStoresNothing() {
        assertThat(postFixture("meta-inbound-system-user-changed-user-id.json").statusCode()).isEqualTo(200);

        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void statusOfASendToTheBsuidWithoutRecipientIdUpdatesTheMessage() {
        postFixture(BSUID_ONLY);
        String wamid = (String) awaitReplies(1, "accepted").get("provider_message_id");
        byte[] delivered = new String(Fixtures.bytes("meta-status-delivered-bsuid.json"), StandardCharsets.UTF_8)
                .replace("wamid.HBgTQlIuMTU4MjA0Mzk3NzE2NTIwORUCABEYEjhFNDFDMDdBMkI5RDVGMzZFMQA=", wamid)
                .getBytes(StandardCharsets.UTF_8);

        assertThat(postSigned(delivered).statusCode()).isEqualTo(200);

        assertThat(jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE provider_message_id = ?",
                String.class, wamid)).isEqualTo("delivered");
    }

    @Test
    void metaRefusingABsuidRecipientFailsTheMessageWithItsCodeOnceAndListsItInFailures() {
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#131062) Business-scoped User ID (BSUID) recipients are not "
                        + "supported for this message.\",\"type\":\"OAuthException\",\"code\":131062,"
                        + "\"fbtrace_id\":\"AbC\"}}")));

        postFixture(BSUID_ONLY);

        Map<String, Object> reply = awaitReplies(1, "failed");
        assertThat(reply).containsEntry("delivery_error_code", "131062");
        assertThat((String) reply.get("delivery_error")).contains("BSUID");
        assertThat(GRAPH.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)))).hasSize(1);
        JsonNode failures = readTree(get("/api/failures").body()).path("failures");
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.path("errorCode").asText()).isEqualTo("131062");
            assertThat(failure.path("userId").asText()).isEqualTo(BSUID);
        });
    }

    @Test
    void messageWithNeitherPhoneNorBsuidIsA400NamingTheFieldAndStoresNothing() {
        byte[] body = MetaWebhooks.notification("\"contacts\":[{\"profile\":{\"name\":\"Mariana\"}}],"
                + "\"messages\":[{\"id\":\"wamid.NOBODY\",\"timestamp\":\"1784020351\",\"type\":\"text\","
                + "\"text\":{\"body\":\"oi\"}}]");

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(readTree(response.body()).path("error").asText()).isEqualTo("missing field from_user_id");
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
    }

    @Test
    void bsuidOfTheWrongShapeIsA400NamingTheFieldAndStoresNothing() {
        byte[] body = new String(Fixtures.bytes(BSUID_ONLY), StandardCharsets.UTF_8)
                .replace("\"from_user_id\": \"" + BSUID + "\"", "\"from_user_id\": \"BR-1582043977165209\"")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = readTree(response.body());
        assertThat(error.path("error").asText()).isEqualTo("invalid field from_user_id");
        assertThat(error.path("detail").asText()).contains("BR-1582043977165209");
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(body, e);
        }
    }
}
