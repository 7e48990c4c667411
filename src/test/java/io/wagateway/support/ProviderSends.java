package io.wagateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.webhook.FormBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three providers' send APIs on the {@link FakeProviders} servers, accepting every message, and what
 * they received, by recipient: {@code twilio:+1555...}, {@code meta:1556...} (Graph's {@code to}),
 * {@code kommo:<chat id>} (the Chats API's {@code conversation_ref_id}); see {@link InboundMessage#recipient()}.
 * WireMock records a request when it arrives, before a delayed answer is written, so a request still
 * in flight is already counted. The typing indicators (Meta's read receipts, Twilio's indicator) are not sends.
 */
public final class ProviderSends {

    public static final String META_MESSAGES_PATH = "/" + FakeProviders.META_API_VERSION + "/"
            + FakeProviders.META_PHONE_NUMBER_ID + "/messages";
    public static final String KOMMO_MESSAGES_PATH = "/v2/origin/custom/" + FakeProviders.KOMMO_SCOPE_ID;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderSends() {
    }

    /** Empty journals; every provider accepts every message at once. */
    public static void acceptAll() {
        acceptAllAfter(Duration.ZERO);
    }

    /**
     * Empty journals; every provider accepts every message, {@code delay} after it arrived: with a long
     * delay a test can kill the gateway while a send is in flight at the provider.
     */
    public static void acceptAllAfter(Duration delay) {
        FakeProviders.TWILIO.resetRequests();
        FakeProviders.GRAPH.resetRequests();
        FakeProviders.KOMMO.resetRequests();
        answerAfter(delay);
    }

    /**
     * From now on every provider accepts {@code delay} after a message arrived; what they received so far
     * stays counted (e.g. a send in flight when the gateway was killed, before the fakes turn fast again).
     */
    public static void answerAfter(Duration delay) {
        int ms = Math.toIntExact(delay.toMillis());
        FakeProviders.TWILIO.resetMappings();
        FakeProviders.GRAPH.resetMappings();
        FakeProviders.KOMMO.resetMappings();
        FakeProviders.TWILIO.stubFor(post(urlPathEqualTo(FakeProviders.TWILIO_MESSAGES_PATH))
                .willReturn(FakeProviders.twilioCreated().withFixedDelay(ms)));
        FakeProviders.GRAPH.stubFor(post(urlPathEqualTo(META_MESSAGES_PATH))
                .willReturn(graphAccepted().withFixedDelay(ms)));
        FakeProviders.KOMMO.stubFor(post(urlPathEqualTo(KOMMO_MESSAGES_PATH))
                .willReturn(kommoAccepted().withFixedDelay(ms)));
    }

    /** How many sends each recipient received. */
    public static Map<String, Integer> perRecipient() {
        Map<String, Integer> sends = new HashMap<>();
        for (LoggedRequest request : twilio()) {
            String to = FormBody.parse(request.getBody()).get("To");
            sends.merge("twilio:" + to.replaceFirst("^whatsapp:", ""), 1, Integer::sum);
        }
        for (LoggedRequest request : meta()) {
            JsonNode sent = json(request);
            sends.merge("meta:" + (sent.has("to") ? sent.path("to") : sent.path("recipient")).asText(), 1,
                    Integer::sum);
        }
        for (LoggedRequest request : kommo()) {
            sends.merge("kommo:" + json(request).path("payload").path("conversation_ref_id").asText(), 1, Integer::sum);
        }
        return sends;
    }

    /** Sends received by the three providers together, in flight included. */
    public static int total() {
        return twilio().size() + meta().size() + kommo().size();
    }

    private static List<LoggedRequest> twilio() {
        return FakeProviders.TWILIO.findAll(postRequestedFor(urlPathEqualTo(FakeProviders.TWILIO_MESSAGES_PATH)));
    }

    /** Messages sent to Meta; the read receipts with typing indicator, on the same path, are no message. */
    private static List<LoggedRequest> meta() {
        return FakeProviders.GRAPH.findAll(postRequestedFor(urlPathEqualTo(META_MESSAGES_PATH))).stream()
                .filter(request -> !"read".equals(json(request).path("status").asText())).toList();
    }

    private static List<LoggedRequest> kommo() {
        return FakeProviders.KOMMO.findAll(postRequestedFor(urlPathEqualTo(KOMMO_MESSAGES_PATH)));
    }

    private static JsonNode json(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Graph's answer to a sent message, a new wamid each time. */
    private static ResponseDefinitionBuilder graphAccepted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"messaging_product\":\"whatsapp\","
                        + "\"contacts\":[{\"input\":\"{{jsonPath request.body '$.to'}}\","
                        + "\"wa_id\":\"{{jsonPath request.body '$.to'}}\"}],"
                        + "\"messages\":[{\"id\":\"wamid.{{randomValue length=40 type='ALPHANUMERIC'}}\"}]}");
    }

    /** The Chats API's answer to a sent message, a new msgid each time. */
    private static ResponseDefinitionBuilder kommoAccepted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"new_message\":{"
                        + "\"conversation_id\":\"{{jsonPath request.body '$.payload.conversation_id'}}\","
                        + "\"sender_id\":\"" + FakeProviders.KOMMO_BOT_ID + "\","
                        + "\"receiver_id\":\"123e4567-e89b-12d3-a456-426614174000\","
                        + "\"msgid\":\"{{randomValue type='UUID'}}\","
                        + "\"ref_id\":\"{{jsonPath request.body '$.payload.msgid'}}\"}}");
    }
}
