package io.wagateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Where the integrators' YAML routes come from: {@code ROUTES_DIR} (default {@code ./routes}) when that
 * folder exists, otherwise the default routes packaged in the jar, so the jar runs anywhere. The folder's
 * files are reloaded when saved, added or deleted ({@link RoutesReload}); the packaged ones are not.
 */
public class RoutesLocation implements EnvironmentPostProcessor {

    static final String PATTERN_PROPERTY = "gateway.routes-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty(PATTERN_PROPERTY)) {
            return;
        }
        String dir = env.getProperty("gateway.routes-dir", env.getProperty("ROUTES_DIR", "./routes"));
        Path path = Path.of(dir).toAbsolutePath().normalize();
        boolean external = Files.isDirectory(path);
        String pattern = external ? "file:" + path + "/*.yaml" : "classpath:routes/*.yaml";
        env.getPropertySources().addLast(new MapPropertySource("wa-gateway-routes", Map.of(
                PATTERN_PROPERTY, pattern,
                "camel.main.routes-reload-directory", path.toString(),
                "camel.main.routes-reload-enabled", external && env.getProperty(
                        "camel.main.routes-reload-enabled", Boolean.class, true))));
    }
}
