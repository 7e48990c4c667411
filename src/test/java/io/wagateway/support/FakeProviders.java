package io.wagateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Local fakes of the outside world, on 127.0.0.1: Twilio's REST API and an OpenAI-compatible chat API.
 * They answer like the real services, so the tests assert the exact requests the gateway sends.
 */
public final class FakeProviders {

    public static final String ACCOUNT_SID = "ACtest00000000000000000000000000";
    public static final String AUTH_TOKEN = "test_auth_token_0123456789abcdef";
    public static final String WHATSAPP_FROM = "whatsapp:+14155238886";
    public static final String TWILIO_MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    public static final String AI_PATH = "/v1/chat/completions";

    public static final WireMockServer TWILIO = start();
    public static final WireMockServer OPENAI = start();

    private FakeProviders() {
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(20));
        server.start();
        return server;
    }

    /** Resets both fakes to their happy path: Twilio accepts every message, the model answers. */
    public static void reset() {
        TWILIO.resetAll();
        OPENAI.resetAll();
        twilioAccepts();
        aiAnswers("Hello from the fake model!");
    }

    public static void twilioAccepts() {
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).willReturn(twilioCreated()));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder twilioCreated() {
        // every answer carries a new message SID, as Twilio's do
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"sid\":\"SM{{randomValue length=32 type='HEXADECIMAL'}}\",\"status\":\"queued\",\"account_sid\":\"" + ACCOUNT_SID + "\","
                        + "\"api_version\":\"2010-04-01\",\"direction\":\"outbound-api\",\"num_media\":\"0\","
                        + "\"num_segments\":\"1\",\"date_created\":\"Thu, 26 Nov 2026 10:00:00 +0000\","
                        + "\"date_updated\":\"Thu, 26 Nov 2026 10:00:00 +0000\"}");
    }

    public static void aiAnswers(String text) {
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764150000,"
                        + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(text) + "},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
                        + "\"total_tokens\":15}}")));
    }

    public static String twilioBaseUrl() {
        return "http://localhost:" + TWILIO.port();
    }

    public static String aiBaseUrl() {
        return "http://127.0.0.1:" + OPENAI.port() + "/v1";
    }
}
