package io.wagateway.config;

import java.nio.file.Path;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded PostgreSQL ({@link EmbeddedPostgresStart}) before the context refreshes: the earliest
 * point where the whole configuration is known, test properties included. With {@code SPRING_DATASOURCE_URL}
 * set it does nothing.
 */
public class EmbeddedPostgresEarlyStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"))) {
            register(context.getEnvironment(), context.getBeanFactory());
        }
    }

    /** Begins the start and hands it to the bean factory, which stops the server when the context closes. */
    static EmbeddedPostgresStart register(Environment env, ConfigurableListableBeanFactory beanFactory) {
        EmbeddedPostgresStart start = EmbeddedPostgresStart.begin(
                Path.of(env.getRequiredProperty("gateway.embedded-db.dir")),
                env.getProperty("gateway.embedded-db.port", Integer.class, 0),
                env.getProperty("gateway.embedded-db.clean", Boolean.class, false));
        beanFactory.registerSingleton(EmbeddedPostgresStart.BEAN_NAME, start);
        if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
            // also when the refresh fails: a failed refresh destroys the singletons but publishes no close event
            registry.registerDisposableBean(EmbeddedPostgresStart.BEAN_NAME, start);
        }
        return start;
    }
}
