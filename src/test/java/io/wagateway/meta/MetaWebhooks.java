package io.wagateway.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.wagateway.Fixtures;
import io.wagateway.support.FakeProviders;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Builds Meta webhook notifications as Meta sends them, and makes the fake Graph API answer like Meta. */
final class MetaWebhooks {

    static final String MESSAGES_PATH = "/" + FakeProviders.META_API_VERSION + "/"
            + FakeProviders.META_PHONE_NUMBER_ID + "/messages";

    private MetaWebhooks() {
    }

    /** {@code POST /webhooks/meta} with the JSON body and, when not null, the signature header. */
    static HttpRequest request(int port, byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/meta"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return request.build();
    }

    /** The signature Meta would send with {@code body}, made with the test app secret. */
    static String sign(byte[] body) {
        return MetaSignatureVerifier.sign(body, FakeProviders.META_APP_SECRET);
    }

    /** A notification with one entry per {@code changeValues} element, each one change of field messages. */
    static byte[] notification(String... changeValues) {
        StringBuilder body = new StringBuilder("{\"object\":\"whatsapp_business_account\",\"entry\":[");
        for (int i = 0; i < changeValues.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"10229012934039").append(i)
                    .append("\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{")
                    .append("\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"")
                    .append(FakeProviders.META_PHONE_NUMBER_ID).append("\"},").append(changeValues[i])
                    .append("},\"field\":\"messages\"}]}");
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code contacts} and {@code messages} of text messages, each {@code {waId, name, wamid, text}}. */
    static String textMessages(String[]... messages) {
        StringBuilder contacts = new StringBuilder("\"contacts\":[");
        StringBuilder list = new StringBuilder("\"messages\":[");
        for (int i = 0; i < messages.length; i++) {
            String[] m = messages[i];
            contacts.append(i == 0 ? "" : ",").append("{\"profile\":{\"name\":\"").append(m[1])
                    .append("\"},\"wa_id\":\"").append(m[0]).append("\"}");
            list.append(i == 0 ? "" : ",").append("{\"from\":\"").append(m[0]).append("\",\"id\":\"").append(m[2])
                    .append("\",\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"").append(m[3])
                    .append("\"}}");
        }
        return contacts.append("],").append(list).append("]").toString();
    }

    /** A status report about a message the gateway sent. */
    static String status(String wamid, String status) {
        return "\"statuses\":[{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"1749416400\","
                + "\"recipient_id\":\"16505551234\"}]";
    }

    /** Graph's answer to a sent message: fixtures/meta-send-response.json, with a new wamid every time. */
    static ResponseDefinitionBuilder accepted() {
        String body = new String(Fixtures.bytes("meta-send-response.json"), StandardCharsets.UTF_8)
                .replace("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA",
                        "wamid.{{randomValue length=40 type='ALPHANUMERIC'}}")
                .replace("\"16505555555\"", "\"{{jsonPath request.body '$.to'}}\"");
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody(body);
    }

    /**
     * Graph's answer to a message sent to a BSUID ({@code recipient}): {@code contacts[0]} echoes it as
     * {@code input} and {@code user_id}, without {@code wa_id}; a new wamid every time.
     */
    static ResponseDefinitionBuilder acceptedForUserId() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":"
                        + "\"{{jsonPath request.body '$.recipient'}}\","
                        + "\"user_id\":\"{{jsonPath request.body '$.recipient'}}\"}],"
                        + "\"messages\":[{\"id\":\"wamid.{{randomValue length=40 type='ALPHANUMERIC'}}\"}]}");
    }

    /** Every message accepted: those to a phone ({@code to}) and those to a BSUID ({@code recipient}). */
    static void graphAcceptsPhonesAndUserIds() {
        FakeProviders.GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
                .withRequestBody(matchingJsonPath("$.recipient")).atPriority(1).willReturn(acceptedForUserId()));
        FakeProviders.GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).atPriority(5).willReturn(accepted()));
    }

    static void graphAccepts() {
        FakeProviders.GRAPH.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(accepted()));
    }
}
