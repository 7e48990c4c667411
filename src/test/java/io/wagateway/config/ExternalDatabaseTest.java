package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.GatewayProcess;
import io.wagateway.support.TwilioWebhooks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** With SPRING_DATASOURCE_URL the gateway uses that server and starts no PostgreSQL of its own. */
class ExternalDatabaseTest {

    @Test
    void configuredDatasourceIsMigratedAndUsedAndNoEmbeddedServerStarts() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start();
             GatewayProcess gateway = GatewayProcess.start(Map.of(
                     "spring.datasource.url", external.getJdbcUrl("postgres", "postgres"),
                     "spring.datasource.username", "postgres",
                     "gateway.worker.enabled", "false"))) {
            assertThat(gateway.hasBean(EmbeddedPostgres.class)).isFalse();

            assertThat(GatewayIntegrationTest.postTwilio(gateway.port(), TwilioWebhooks.text(
                    "SM00000000000000000000000000000097", "+15550007777", "hello")).statusCode()).isEqualTo(200);

            JdbcTemplate direct = new JdbcTemplate(external.getPostgresDatabase());
            long migrations;
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of("db"))) {
                migrations = files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
            }
            assertThat(direct.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success",
                    Long.class)).isEqualTo(migrations);
            assertThat(direct.queryForObject("SELECT content FROM kommo_messages", String.class)).isEqualTo("hello");
        }
    }
}
