package io.wagateway.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.support.FakeProviders;
import io.wagateway.webhook.FormBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fake Graph API and Kommo Chats API answering like the real ones (a new wamid or msgid per message),
 * and what the three fakes received, by recipient: Twilio's {@code To}, Meta's {@code to}, Kommo's
 * {@code conversation_ref_id} (the chat).
 */
final class ProviderFakes {

    static final String GRAPH_MESSAGES_PATH = "/" + FakeProviders.META_API_VERSION + "/"
            + FakeProviders.META_PHONE_NUMBER_ID + "/messages";
    static final String KOMMO_MESSAGES_PATH = "/v2/origin/custom/" + FakeProviders.KOMMO_SCOPE_ID;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderFakes() {
    }

    static void graphAndKommoAccept() {
        FakeProviders.GRAPH.stubFor(post(urlPathEqualTo(GRAPH_MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"messaging_product\":\"whatsapp\","
                        + "\"contacts\":[{\"input\":\"{{jsonPath request.body '$.to'}}\","
                        + "\"wa_id\":\"{{jsonPath request.body '$.to'}}\"}],"
                        + "\"messages\":[{\"id\":\"wamid.{{randomValue length=40 type='ALPHANUMERIC'}}\"}]}")));
        FakeProviders.KOMMO.stubFor(post(urlPathEqualTo(KOMMO_MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"new_message\":{"
                        + "\"conversation_id\":\"{{jsonPath request.body '$.payload.conversation_id'}}\","
                        + "\"sender_id\":\"" + FakeProviders.KOMMO_BOT_ID + "\","
                        + "\"receiver_id\":\"123e4567-e89b-12d3-a456-426614174000\","
                        + "\"msgid\":\"{{randomValue type='UUID'}}\","
                        + "\"ref_id\":\"{{jsonPath request.body '$.payload.msgid'}}\"}}")));
    }

    static List<LoggedRequest> twilioSends() {
        return FakeProviders.TWILIO.findAll(postRequestedFor(urlPathEqualTo(FakeProviders.TWILIO_MESSAGES_PATH)));
    }

    static List<LoggedRequest> graphSends() {
        return FakeProviders.GRAPH.findAll(postRequestedFor(urlPathEqualTo(GRAPH_MESSAGES_PATH)));
    }

    static List<LoggedRequest> kommoSends() {
        return FakeProviders.KOMMO.findAll(postRequestedFor(urlPathEqualTo(KOMMO_MESSAGES_PATH)));
    }

    /** Twilio's form fields of a message sent to the fake. */
    static Map<String, String> twilioForm(LoggedRequest request) {
        return FormBody.parse(request.getBody());
    }

    static JsonNode json(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many messages each recipient got: Twilio {@code To} without the whatsapp: prefix, e.g. +15550001111. */
    static Map<String, Long> twilioRecipients() {
        return countBy(twilioSends(), request -> twilioForm(request).get("To").replace("whatsapp:", ""));
    }

    /** Meta's {@code to}: the wa_id, digits only. */
    static Map<String, Long> graphRecipients() {
        return countBy(graphSends(), request -> json(request).path("to").asText());
    }

    /** Kommo's {@code conversation_ref_id}: the chat id. */
    static Map<String, Long> kommoRecipients() {
        return countBy(kommoSends(), request -> json(request).path("payload").path("conversation_ref_id").asText());
    }

    private static Map<String, Long> countBy(List<LoggedRequest> requests, Function<LoggedRequest, String> key) {
        return requests.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
