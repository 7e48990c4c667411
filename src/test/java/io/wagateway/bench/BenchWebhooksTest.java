package io.wagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.bench.Conversations.Conversation;
import io.wagateway.bench.Conversations.Provider;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's webhooks are the providers' webhooks: signed as the gateway checks them, parsed into
 * stored messages. If the gateway's verification or parsing changes, this fails before a benchmark run
 * would measure nothing but 403s and 400s.
 */
class BenchWebhooksTest extends GatewayIntegrationTest {

    private static final Conversation TWILIO = new Conversation(Provider.TWILIO, "442090100000001");
    private static final Conversation META = new Conversation(Provider.META, "442090100000002");
    private static final Conversation KOMMO = new Conversation(Provider.KOMMO, "b0000009-0000-4000-8000-000000000003");

    @Test
    void benchWebhooksOfEveryProviderAreAcknowledgedAndStoredOnce() throws IOException {
        Webhooks webhooks = new Webhooks(PUBLIC_BASE_URL, 1, testCredentials(FakeProviders.AUTH_TOKEN,
                FakeProviders.META_APP_SECRET, FakeProviders.KOMMO_WEBHOOK_SECRET));

        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            for (Conversation conversation : List.of(TWILIO, META, KOMMO)) {
                HttpConnection.Response answer = connection.post(webhooks.message(conversation).request());
                assertThat(answer.status()).as(conversation.provider() + ": " + answer.text()).isEqualTo(200);
            }
        }

        assertThat(jdbc.queryForList("SELECT provider || ':' || COALESCE(kommo_chat_id, substr(phone, 2)) AS recipient"
                + " FROM kommo_conversations ORDER BY 1", String.class))
                .containsExactly(KOMMO.recipient(), META.recipient(), TWILIO.recipient());
        assertThat(jdbc.queryForList("SELECT provider FROM kommo_messages WHERE role = 'user' ORDER BY 1",
                String.class)).containsExactly("kommo", "meta", "twilio");
    }

    @Test
    void benchStatusCallbacksOfTwilioAndMetaMoveTheirRepliesForward() throws IOException {
        Webhooks webhooks = new Webhooks(PUBLIC_BASE_URL, 1, testCredentials(FakeProviders.AUTH_TOKEN,
                FakeProviders.META_APP_SECRET, FakeProviders.KOMMO_WEBHOOK_SECRET));
        accepted(pendingMessage(twilioConversation("+442090100000011", "1 minute"), "hi"),
                "SMbench0000000000000000000000001");
        UUID metaConversation = jdbc.queryForObject("INSERT INTO kommo_conversations (provider, phone, contact_name)"
                + " VALUES ('meta', '+442090100000012', 'Ana') RETURNING id", UUID.class);
        accepted(pendingMessage(metaConversation, "hi"), "wamid.BENCHSTATUS0001");

        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            for (String status : List.of("sent", "delivered", "read")) {
                HttpConnection.Response twilio = connection.post(webhooks.twilioStatus(
                        PUBLIC_BASE_URL + "/webhooks/twilio/status", "SMbench0000000000000000000000001",
                        "whatsapp:+442090100000011", status));
                HttpConnection.Response meta = connection.post(webhooks.metaStatus("wamid.BENCHSTATUS0001",
                        "442090100000012", status));
                assertThat(twilio.status()).as("twilio " + status + ": " + twilio.text()).isEqualTo(200);
                assertThat(meta.status()).as("meta " + status + ": " + meta.text()).isEqualTo(200);
            }
        }

        assertThat(jdbc.queryForList("SELECT provider || ':' || delivery_status FROM kommo_messages ORDER BY 1",
                String.class)).containsExactly("meta:read", "twilio:read");
    }

    @Test
    void aBenchStatusCallbackBeforeItsMessageIdIsStoredIsKeptForLater() throws IOException {
        Webhooks webhooks = new Webhooks(PUBLIC_BASE_URL, 1, testCredentials(FakeProviders.AUTH_TOKEN,
                FakeProviders.META_APP_SECRET, FakeProviders.KOMMO_WEBHOOK_SECRET));

        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            assertThat(connection.post(webhooks.twilioStatus(PUBLIC_BASE_URL + "/webhooks/twilio/status",
                    "SMbench0000000000000000000000002", "whatsapp:+442090100000013", "sent")).status())
                    .isEqualTo(200);
            assertThat(connection.post(webhooks.metaStatus("wamid.BENCHSTATUS0002", "442090100000014", "sent"))
                    .status()).isEqualTo(200);
        }

        assertThat(jdbc.queryForList("SELECT provider || ':' || provider_message_id || ':' || delivery_status"
                + " FROM early_delivery_statuses ORDER BY 1", String.class)).containsExactly(
                "meta:wamid.BENCHSTATUS0002:sent", "twilio:SMbench0000000000000000000000002:sent");
    }

    @Test
    void benchStatusCallbacksSignedWithOtherSecretsAreRefused() throws IOException {
        Webhooks forged = new Webhooks(PUBLIC_BASE_URL, 1, testCredentials("not-the-auth-token",
                "not-the-app-secret", "not-the-webhook-secret"));

        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            assertThat(connection.post(forged.twilioStatus(PUBLIC_BASE_URL + "/webhooks/twilio/status",
                    "SMbench0000000000000000000000003", "whatsapp:+442090100000015", "sent")).status())
                    .isEqualTo(403);
            assertThat(connection.post(forged.metaStatus("wamid.BENCHSTATUS0003", "442090100000016", "sent"))
                    .status()).isEqualTo(403);
        }

        assertThat(count("SELECT count(*) FROM early_delivery_statuses")).isZero();
    }

    /** The provider accepted the message and its id is stored, as the send worker leaves it. */
    private void accepted(UUID message, String providerMessageId) {
        jdbc.update("UPDATE kommo_messages SET delivery_status = 'accepted', provider_message_id = ? WHERE id = ?",
                providerMessageId, message);
    }

    @Test
    void benchWebhooksSignedWithOtherSecretsAreRefused() throws IOException {
        Webhooks forged = new Webhooks(PUBLIC_BASE_URL, 1, testCredentials("not-the-auth-token",
                "not-the-app-secret", "not-the-webhook-secret"));

        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            for (Conversation conversation : List.of(TWILIO, META, KOMMO)) {
                assertThat(connection.post(forged.message(conversation).request()).status())
                        .as(conversation.provider().id).isEqualTo(403);
            }
        }

        assertThat(jdbc.queryForObject("SELECT count(*) FROM kommo_messages", Long.class)).isZero();
    }

    private static Webhooks.Credentials testCredentials(String twilioAuthToken, String metaAppSecret,
                                                        String kommoWebhookSecret) {
        return new Webhooks.Credentials(FakeProviders.ACCOUNT_SID, twilioAuthToken, FakeProviders.WHATSAPP_FROM,
                metaAppSecret, FakeProviders.META_PHONE_NUMBER_ID, kommoWebhookSecret);
    }
}
