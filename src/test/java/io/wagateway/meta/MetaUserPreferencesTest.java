package io.wagateway.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.wagateway.support.FakeProviders.GRAPH;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Meta's user_preferences webhook: a user who stops marketing messages in WhatsApp is opted out. */
class MetaUserPreferencesTest extends GatewayIntegrationTest {

    /** Meta's documented shape, with the BSUID beside the phone. */
    static byte[] preference(String value, String timestamp) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Sheena\"},"
                + "\"wa_id\":\"16505551234\",\"user_id\":\"US.13491208655302741918\"}],\"user_preferences\":[{"
                + "\"wa_id\":\"16505551234\",\"user_id\":\"US.13491208655302741918\",\"detail\":\"User requested to "
                + value + " marketing messages\",\"category\":\"marketing_messages\",\"value\":\"" + value + "\","
                + "\"timestamp\":" + timestamp + "}]},\"field\":\"user_preferences\"}]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private int postSigned(byte[] body) {
        return send(MetaWebhooks.request(port, body, MetaWebhooks.sign(body))).statusCode();
    }

    private Boolean optedOut() {
        return jdbc.queryForObject("SELECT opted_out_at IS NOT NULL FROM kommo_conversations WHERE phone = "
                + "'+16505551234'", Boolean.class);
    }

    @Test
    void stopOptsTheUserOutAndResumeBackInEachStoredOnceWithoutSendingAnything() {
        assertThat(postSigned(preference("stop", "1787244002"))).isEqualTo(200);

        assertThat(optedOut()).isTrue();
        assertThat(jdbc.queryForObject("SELECT user_id FROM kommo_conversations", String.class))
                .isEqualTo("US.13491208655302741918");
        assertThat(postSigned(preference("stop", "1787244002"))).as("redelivered").isEqualTo(200);
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'system'")).isEqualTo(1);

        assertThat(postSigned(preference("resume", "1787245000"))).isEqualTo(200);

        assertThat(optedOut()).isFalse();
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'system'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM reply_jobs")).isZero();
        assertThat(GRAPH.findAll(postRequestedFor(urlPathEqualTo(MetaWebhooks.MESSAGES_PATH)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"user_preferences\":\"stop\"",
            "\"user_preferences\":[{\"wa_id\":\"16505551234\",\"category\":\"offers\",\"value\":\"stop\"}]",
            "\"user_preferences\":[{\"wa_id\":\"16505551234\",\"category\":\"marketing_messages\","
                    + "\"value\":\"maybe\"}]",
            "\"user_preferences\":[{\"category\":\"marketing_messages\",\"value\":\"stop\"}]",
            "\"user_preferences\":[{\"wa_id\":\"not a number\",\"user_id\":\"BR-1\","
                    + "\"category\":\"marketing_messages\",\"value\":\"stop\"}]",
            "\"user_preferences\":[null, 7, \"x\"]"})
    void aPreferenceOfAnUnknownShapeIsAcknowledgedAndIgnoredWithAWarning(String preferences) {
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\"," + preferences + "},\"field\":\"user_preferences\"}]}]}")
                .getBytes(StandardCharsets.UTF_8);

        try (LogCapture logs = LogCapture.open()) {
            assertThat(postSigned(body)).isEqualTo(200);

            assertThat(logs.events()).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("user_preferences").contains("ignored");
            });
        }
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isZero();
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
    }

    @Test
    void listsOfPreferencesAreReadWhole() {
        List<String> read = new java.util.ArrayList<>();
        new MetaNormalizer(new ObjectMapper()).normalize(preference("stop", "\"1787244002\"")).consentChanges()
                .forEach(change -> read.add(change.userId() + " " + change.phone() + " " + change.optedOut()));

        assertThat(read).containsExactly("US.13491208655302741918 +16505551234 true");
    }
}
