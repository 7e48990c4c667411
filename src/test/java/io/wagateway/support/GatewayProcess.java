package io.wagateway.support;

import io.wagateway.GatewayApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A gateway started and stopped by the test itself (not cached by Spring's test context), for tests
 * about what survives a restart. Same fakes and settings as {@link GatewayIntegrationTest}.
 */
public final class GatewayProcess implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private GatewayProcess(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static GatewayProcess start(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("camel.main.routes-reload-enabled", "false");
        properties.put("gateway.public-base-url", GatewayIntegrationTest.PUBLIC_BASE_URL);
        properties.put("gateway.api.token", GatewayIntegrationTest.API_TOKEN);
        properties.putAll(FakeProviders.properties());
        properties.put("gateway.retry.initial-delay-ms", "0");
        properties.put("gateway.worker.poll-interval-ms", "250");
        properties.put("gateway.reply.debounce-ms", "0");
        properties.put("gateway.media.dir", "target/test-media/process-" + java.util.UUID.randomUUID());
        properties.putAll(overrides);
        // as command-line arguments, which win over application.yml (builder properties would not)
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new GatewayProcess(new SpringApplicationBuilder(GatewayApplication.class).run(args));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public boolean hasBean(Class<?> type) {
        return !context.getBeansOfType(type).isEmpty();
    }

    @Override
    public void close() {
        context.close();
    }
}
