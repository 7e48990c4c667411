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

    public static final String META_ACCESS_TOKEN = "test-meta-access-token";
    public static final String META_PHONE_NUMBER_ID = "106540352242922";
    /** The app secret of the provider reference's signature test vectors. */
    public static final String META_APP_SECRET = "test_app_secret";
    public static final String META_VERIFY_TOKEN = "test-verify-token";
    public static final String META_API_VERSION = "v26.0";
    public static final String KOMMO_WEBHOOK_SECRET = "test-kommo-webhook-secret";
    /** The channel secret and scope of the provider reference's Kommo test vectors. */
    public static final String KOMMO_CHANNEL_SECRET = "5a44c5dff55f3c15a4cce8d7c4cc27e207c7e189";
    public static final String KOMMO_SCOPE_ID =
            "f90ba33d-c9d9-44da-b76c-c349b0ecbe41_af9945ff-1490-4cad-807d-945c15d88bec";
    public static final String KOMMO_CHANNEL_ID = "f90ba33d-c9d9-44da-b76c-c349b0ecbe41";
    public static final String KOMMO_BOT_ID = "76fc2bea-902f-425c-9a3d-dcdac4447113";

    public static final WireMockServer TWILIO = start();
    public static final WireMockServer OPENAI = start();
    /** Meta's Graph API. */
    public static final WireMockServer GRAPH = start();
    /** Kommo's Chats API (amojo). */
    public static final WireMockServer KOMMO = start();

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
        GRAPH.resetAll();
        KOMMO.resetAll();
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
                .withBody("{\"sid\":\"SM{{randomValue length=32 type='HEXADECIMAL'}}\",\"status\":\"queued\","
                        + "\"account_sid\":\"" + ACCOUNT_SID + "\","
                        + "\"api_version\":\"2010-04-01\",\"direction\":\"outbound-api\",\"num_media\":\"0\","
                        + "\"num_segments\":\"1\",\"date_created\":\"Thu, 26 Nov 2026 10:00:00 +0000\","
                        + "\"date_updated\":\"Thu, 26 Nov 2026 10:00:00 +0000\"}");
    }

    public static void aiAnswers(String text) {
        OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).willReturn(aiAnswer(text)));
    }

    /** The model's answer {@code text}, as an OpenAI chat completion. */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder aiAnswer(String text) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764150000,"
                        + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(text) + "},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
                        + "\"total_tokens\":15}}");
    }

    public static String twilioBaseUrl() {
        return "http://localhost:" + TWILIO.port();
    }

    public static String graphBaseUrl() {
        return "http://localhost:" + GRAPH.port();
    }

    public static String kommoBaseUrl() {
        return "http://localhost:" + KOMMO.port();
    }

    /** Every setting that points the gateway at these fakes, as property name and value. */
    public static java.util.Map<String, String> properties() {
        java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("gateway.twilio.account-sid", ACCOUNT_SID);
        properties.put("gateway.twilio.auth-token", AUTH_TOKEN);
        properties.put("gateway.twilio.whatsapp-from", WHATSAPP_FROM);
        properties.put("gateway.twilio.api-base-url", twilioBaseUrl());
        properties.put("gateway.meta.access-token", META_ACCESS_TOKEN);
        properties.put("gateway.meta.phone-number-id", META_PHONE_NUMBER_ID);
        properties.put("gateway.meta.app-secret", META_APP_SECRET);
        properties.put("gateway.meta.verify-token", META_VERIFY_TOKEN);
        properties.put("gateway.meta.graph-base-url", graphBaseUrl());
        properties.put("gateway.meta.api-version", META_API_VERSION);
        properties.put("gateway.kommo.webhook-secret", KOMMO_WEBHOOK_SECRET);
        properties.put("gateway.kommo.channel-id", KOMMO_CHANNEL_ID);
        properties.put("gateway.kommo.channel-secret", KOMMO_CHANNEL_SECRET);
        properties.put("gateway.kommo.scope-id", KOMMO_SCOPE_ID);
        properties.put("gateway.kommo.bot-id", KOMMO_BOT_ID);
        properties.put("gateway.kommo.amojo-base-url", kommoBaseUrl());
        properties.put("gateway.ai.base-url", aiBaseUrl());
        properties.put("gateway.ai.api-key", "test-ai-key");
        return properties;
    }

    public static String aiBaseUrl() {
        return "http://127.0.0.1:" + OPENAI.port() + "/v1";
    }
}
