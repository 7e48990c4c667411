package io.wagateway.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * With no {@code SPRING_DATASOURCE_URL}, the gateway runs its own PostgreSQL server (real binaries) on a
 * persistent data directory, so a newcomer needs nothing but Java and Maven. The server is started in the
 * background before the context refreshes ({@link EmbeddedPostgresEarlyStart}); Flyway's first connection
 * waits for it, so the application is not ready before its database is.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
public class EmbeddedPostgresConfiguration {

    /** The pool takes the usual {@code spring.datasource.hikari.*} settings (timeouts, size). */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(ObjectProvider<EmbeddedPostgresStart> start, Environment env,
                                ConfigurableListableBeanFactory beanFactory) {
        // a context built without SpringApplication has not run the initializer: the server starts here
        return new EmbeddedPostgresDataSource(start.getIfAvailable(
                () -> EmbeddedPostgresEarlyStart.register(env, beanFactory)));
    }

    /** The running server, for whoever needs it; {@link EmbeddedPostgresStart} stops it. */
    @Bean(destroyMethod = "")
    @Lazy
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresStart start) throws SQLException {
        return start.awaitRunning();
    }
}
