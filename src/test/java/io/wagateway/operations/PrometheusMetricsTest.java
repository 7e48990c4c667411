package io.wagateway.operations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.wagateway.support.FakeProviders.TWILIO;
import static io.wagateway.support.FakeProviders.TWILIO_MESSAGES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.PrometheusScrape;
import io.wagateway.support.TwilioWebhooks;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /actuator/prometheus} as an operator scrapes it (HTTP Basic admin / API_TOKEN): the gateway's own
 * {@code wagateway_*} metrics move by exactly what happened, next to Camel's per-route metrics.
 */
class PrometheusMetricsTest extends GatewayIntegrationTest {

    private static final String PHONE = "+5511999990077";
    private static final String TWILIO_PATH = "/webhooks/twilio";

    @Test
    void aSignedTwilioWebhookAndItsReplyMoveTheReceivedSentWebhookAndAiCounters() {
        PrometheusScrape before = PrometheusScrape.of(port);

        HttpResponse<String> response = postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000771", PHONE,
                "Do you deliver on Saturdays?"));
        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM kommo_messages "
                + "WHERE role = 'assistant' AND delivery_status = 'accepted'") == 1);
        // the counter moves right after the delivery is recorded
        PrometheusScrape after = await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusScrape.of(port),
                scrape -> delta(before, scrape, "wagateway_replies_sent_total", "provider", "twilio") >= 1);

        assertThat(delta(before, after, "wagateway_messages_received_total", "provider", "twilio")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_replies_sent_total", "provider", "twilio")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_webhook_responses_total",
                "provider", "twilio", "path", TWILIO_PATH, "status", "200")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_webhook_responses_total", "status", "403")).isZero();
        assertThat(delta(before, after, "wagateway_ai_latency_seconds_count", "outcome", "success")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_ai_latency_seconds_sum", "outcome", "success")).isPositive();
        assertThat(delta(before, after, "wagateway_ai_latency_seconds_count", "outcome", "failure")).isZero();
        // nothing else moved: no template, nothing queued or failed, no other provider
        assertThat(delta(before, after, "wagateway_templates_sent_total")).isZero();
        assertThat(delta(before, after, "wagateway_messages_queued_total")).isZero();
        assertThat(delta(before, after, "wagateway_messages_failed_total")).isZero();
        assertThat(delta(before, after, "wagateway_messages_received_total", "provider", "meta")).isZero();
        // every provider's series is there from the start
        assertThat(after.text()).contains("wagateway_messages_received_total{provider=\"kommo\"}");

        // Camel's per-route metrics, by route id
        assertThat(delta(before, after, "camel_exchanges_total", "routeId", "twilio-inbound")).isEqualTo(1);
        assertThat(delta(before, after, "camel_route_policy_seconds_count", "routeId", "conversation-save"))
                .isEqualTo(1);
        assertThat(delta(before, after, "camel_route_policy_seconds_count", "routeId", "assistant-chat"))
                .isEqualTo(1);
        assertThat(delta(before, after, "camel_route_policy_seconds_count", "routeId", "twilio-message-create"))
                .isEqualTo(1);
    }

    @Test
    void aFailedModelCallThatIsTriedAgainMovesTheAiRetriesCounter() {
        FakeProviders.OPENAI.resetAll();
        FakeProviders.OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).inScenario("flaky model")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"try again\"}}")));
        FakeProviders.OPENAI.stubFor(post(urlPathMatching(".*/chat/completions")).inScenario("flaky model")
                .whenScenarioStateIs("recovered").willReturn(FakeProviders.aiAnswer("Here you are")));
        PrometheusScrape before = PrometheusScrape.of(port);

        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000774", PHONE, "hello"));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM kommo_messages "
                + "WHERE role = 'assistant' AND delivery_status = 'accepted'") == 1);
        PrometheusScrape after = PrometheusScrape.of(port);
        assertThat(delta(before, after, "wagateway_ai_retries_total")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_ai_latency_seconds_count", "outcome", "failure")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_ai_latency_seconds_count", "outcome", "success")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_reply_dead_letters_total")).isZero();
        assertThat(delta(before, after, "wagateway_reply_claims_lost_total")).isZero();
    }

    @Test
    void aForgedWebhookMovesThe403CountAndABadBodyThe400Count() {
        PrometheusScrape before = PrometheusScrape.of(port);

        Map<String, String> form = TwilioWebhooks.text("SM00000000000000000000000000000772", PHONE, "hi");
        assertThat(postForm(TWILIO_PATH, TwilioWebhooks.encode(form), "L/OH5YylLD5NRKLltdqwSvS0BnU=").statusCode())
                .isEqualTo(403);
        Map<String, String> noFrom = TwilioWebhooks.text("SM00000000000000000000000000000773", PHONE, "hi");
        noFrom.remove("From");
        assertThat(postTwilio(noFrom).statusCode()).isEqualTo(400);
        PrometheusScrape after = PrometheusScrape.of(port);

        assertThat(delta(before, after, "wagateway_webhook_responses_total",
                "provider", "twilio", "path", TWILIO_PATH, "status", "403")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_webhook_responses_total",
                "provider", "twilio", "path", TWILIO_PATH, "status", "400")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_webhook_responses_total", "status", "200")).isZero();
        assertThat(delta(before, after, "wagateway_messages_received_total")).isZero();
    }

    @Test
    void aPathNoWebhookServesIsCountedAsOtherNotByItsName() {
        PrometheusScrape before = PrometheusScrape.of(port);

        assertThat(postForm("/webhooks/no-such-provider-42", "a=b", null).statusCode()).isEqualTo(404);
        PrometheusScrape after = PrometheusScrape.of(port);

        assertThat(delta(before, after, "wagateway_webhook_responses_total",
                "provider", "unknown", "path", "other", "status", "404")).isEqualTo(1);
        assertThat(after.text()).doesNotContain("no-such-provider-42");
    }

    @Test
    void aReplyTwilioRefusesMovesTheFailedCountNotTheSentCount() {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}")));
        PrometheusScrape before = PrometheusScrape.of(port);

        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000774", PHONE, "hello"));
        PrometheusScrape after = await().atMost(Duration.ofSeconds(20)).until(() -> PrometheusScrape.of(port),
                scrape -> delta(before, scrape, "wagateway_messages_failed_total", "provider", "twilio") >= 1);

        assertThat(delta(before, after, "wagateway_messages_failed_total", "provider", "twilio")).isEqualTo(1);
        assertThat(delta(before, after, "wagateway_replies_sent_total")).isZero();
        assertThat(delta(before, after, "wagateway_messages_received_total", "provider", "twilio")).isEqualTo(1);
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
