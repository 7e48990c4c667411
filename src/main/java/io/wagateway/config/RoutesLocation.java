package io.wagateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
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
    /**
     * The route files: {@code <route-id>.camel.yaml}, and the plain {@code *.yaml} names of older folders. One
     * pattern matches both, so no file is found twice (the reload pattern in application.yml is the same).
     */
    static final String ROUTE_FILES = "*.yaml";
    private static final String CAMEL_YAML = ".camel.yaml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty(PATTERN_PROPERTY)) {
            return;
        }
        String dir = env.getProperty("gateway.routes-dir", env.getProperty("ROUTES_DIR", "./routes"));
        Path path = Path.of(dir).toAbsolutePath().normalize();
        boolean external = Files.isDirectory(path);
        if (external) {
            refuseAnOlderNameBesideItsRenamedFile(path);
        }
        String pattern = (external ? "file:" + path : "classpath:routes") + "/" + ROUTE_FILES;
        env.getPropertySources().addLast(new MapPropertySource("wa-gateway-routes", Map.of(
                PATTERN_PROPERTY, pattern,
                "camel.main.routes-reload-directory", path.toString(),
                "camel.main.routes-reload-enabled", external && env.getProperty(
                        "camel.main.routes-reload-enabled", Boolean.class, true))));
    }

    /**
     * {@code twilio-inbound.yaml} kept beside {@code twilio-inbound.camel.yaml} would define the same routes
     * twice, and Camel silently runs whichever file it happens to load last.
     */
    private static void refuseAnOlderNameBesideItsRenamedFile(Path dir) {
        try (DirectoryStream<Path> renamed = Files.newDirectoryStream(dir, "*" + CAMEL_YAML)) {
            for (Path file : renamed) {
                String name = file.getFileName().toString();
                Path older = dir.resolve(name.substring(0, name.length() - CAMEL_YAML.length()) + ".yaml");
                if (Files.exists(older)) {
                    throw new IllegalStateException("ROUTES_DIR holds " + older.getFileName() + " and " + name
                            + ", the same routes under the older and the new name: keep one of them");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ROUTES_DIR " + dir + " cannot be read", e);
        }
    }
}
