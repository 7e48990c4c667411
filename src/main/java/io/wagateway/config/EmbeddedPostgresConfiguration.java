package io.wagateway.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Conditional;

/**
 * With no {@code SPRING_DATASOURCE_URL}, the gateway runs its own PostgreSQL server (real binaries) on a
 * persistent data directory, so a newcomer needs nothing but Java and Maven.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            @Value("${gateway.embedded-db.dir}") String dataDir,
            @Value("${gateway.embedded-db.port}") int port,
            @Value("${gateway.embedded-db.clean:false}") boolean clean) throws IOException {
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        Files.createDirectories(dir);
        OrphanedPostmaster.stopIfRunning(dir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(clean)
                .setPort(port)
                // zonky starts PostgreSQL with fsync off and asynchronous commit: a gateway that
                // acknowledges a webhook after commit needs the commit to be durable.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        LOG.info("Embedded PostgreSQL started on port {} with data directory {}", pg.getPort(), dir);
        return pg;
    }

    /** The pool takes the usual {@code spring.datasource.hikari.*} settings (timeouts, size). */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres pg) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("wa-gateway-embedded");
        return dataSource;
    }
}
