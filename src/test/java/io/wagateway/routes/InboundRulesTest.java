package io.wagateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import org.junit.jupiter.api.Test;

/**
 * The rule routes/inbound-rules.camel.yaml ships with (README "Changing flows (YAML)"), through the whole gateway:
 * a user message mentioning an invoice is stored with {@code metadata.topic = billing}.
 */
class InboundRulesTest extends GatewayIntegrationTest {

    @Test
    void aTwilioMessageMentioningAnInvoiceIsStoredWithTopicBilling() {
        assertThat(postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000101", "+15550001001",
                "Where is my INVOICE?")).statusCode()).isEqualTo(200);
        assertThat(postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000102", "+15550001001",
                "Are you open on Sunday?")).statusCode()).isEqualTo(200);

        assertThat(topicOf("SM00000000000000000000000000000101")).isEqualTo("billing");
        assertThat(topicOf("SM00000000000000000000000000000102")).isNull();
        // what the normalizer put in metadata is kept
        assertThat(jdbc.queryForObject("SELECT metadata->>'waId' FROM kommo_messages "
                + "WHERE provider_message_id = 'SM00000000000000000000000000000101'", String.class))
                .isEqualTo("15550001001");
    }

    @Test
    void aKommoClientMessageGoesThroughTheSameRules() {
        String body = TwilioWebhooks.encode(KommoWebhooks.message(0, "c0ffee00-0000-4000-8000-000000000101",
                KommoWebhooks.FIXTURE_CHAT_ID, "incoming", "invoice #123 is wrong"));

        assertThat(postForm("/webhooks/kommo?secret=" + FakeProviders.KOMMO_WEBHOOK_SECRET, body, null).statusCode())
                .isEqualTo(200);

        assertThat(topicOf("c0ffee00-0000-4000-8000-000000000101")).isEqualTo("billing");
    }

    private String topicOf(String providerMessageId) {
        return jdbc.queryForObject("SELECT metadata->>'topic' FROM kommo_messages WHERE provider_message_id = ?",
                String.class, providerMessageId);
    }
}
