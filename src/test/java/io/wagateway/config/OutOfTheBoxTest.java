package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.GatewayProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway as the README's first run sees it: no credentials, no model. The unsigned sample webhook
 * is accepted, the offline responder answers and the reply is stored as a dry run.
 */
class OutOfTheBoxTest {

    @Test
    void withoutAnyCredentialsTheSampleMessageIsAnsweredByTheOfflineResponderAsADryRun() {
        try (GatewayProcess gateway = GatewayProcess.start(Map.of(
                "gateway.embedded-db.dir", Path.of("target", "test-pg", "plain-" + UUID.randomUUID()).toString(),
                "gateway.public-base-url", "",
                "gateway.twilio.account-sid", "",
                "gateway.twilio.auth-token", "",
                "gateway.ai.base-url", ""))) {
            HttpResponse<String> response = GatewayIntegrationTest.postForm(gateway.port(), "/webhooks/twilio",
                    "MessageSid=SM00000000000000000000000000000001&From=whatsapp%3A%2B15551234567"
                            + "&ProfileName=Ana&Body=Hello%21+Are+you+open+on+Sunday%3F", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.jdbc().queryForObject(
                    "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = 'dry_run'",
                    Integer.class) == 1);
            assertThat(gateway.jdbc().queryForObject(
                    "SELECT content FROM kommo_messages WHERE role = 'assistant'", String.class))
                    .contains("demo assistant");
        }
    }
}
