package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.GatewayProcess;
import io.wagateway.support.TwilioWebhooks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A webhook that cannot be committed is answered 503, so that the provider delivers it again later. */
class DatabaseDownTest {

    @Test
    void webhookIsAnswered503WithAJsonErrorWhenTheDatabaseIsDown() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(Map.of(
                "gateway.embedded-db.dir", Path.of("target", "test-pg", "down-" + UUID.randomUUID()).toString(),
                "gateway.worker.enabled", "false",
                "spring.datasource.hikari.connection-timeout", "1000"))) {
            gateway.bean(EmbeddedPostgres.class).close();

            HttpResponse<String> response = GatewayIntegrationTest.postTwilio(gateway.port(),
                    TwilioWebhooks.text("SM00000000000000000000000000000096", "+15550006666", "anyone?"));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"error\":\"database unavailable\"").doesNotContain("Exception");
        }
    }
}
