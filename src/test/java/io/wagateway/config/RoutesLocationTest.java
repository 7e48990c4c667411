package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.mock.env.MockEnvironment;

/** Where the YAML routes are loaded from, and whether they are reloaded. */
class RoutesLocationTest {

    @TempDir
    Path routes;

    private static MockEnvironment locate(MockEnvironment env) {
        new RoutesLocation().postProcessEnvironment(env, new SpringApplication());
        return env;
    }

    @Test
    void anExistingRoutesDirIsLoadedFromAndWatched() {
        MockEnvironment env = locate(new MockEnvironment().withProperty("gateway.routes-dir", routes.toString()));

        assertThat(env.getProperty("gateway.routes-pattern")).isEqualTo("file:" + routes.toAbsolutePath() + "/*.yaml");
        assertThat(env.getProperty("camel.main.routes-reload-directory")).isEqualTo(routes.toAbsolutePath().toString());
        assertThat(env.getProperty("camel.main.routes-reload-enabled")).isEqualTo("true");
    }

    @Test
    void aRelativeRoutesDirIsResolvedAgainstTheWorkingDirectory() {
        MockEnvironment env = locate(new MockEnvironment().withProperty("ROUTES_DIR", "./routes/../routes"));

        Path expected = Path.of("routes").toAbsolutePath();
        assertThat(env.getProperty("gateway.routes-pattern")).isEqualTo("file:" + expected + "/*.yaml");
        assertThat(env.getProperty("camel.main.routes-reload-directory")).isEqualTo(expected.toString());
    }

    @Test
    void reloadCanBeSwitchedOff() {
        MockEnvironment env = locate(new MockEnvironment().withProperty("gateway.routes-dir", routes.toString())
                .withProperty("camel.main.routes-reload-enabled", "false"));

        assertThat(env.getProperty("camel.main.routes-reload-enabled")).isEqualTo("false");
    }

    @Test
    void aMissingRoutesDirFallsBackToThePackagedRoutesWithoutReload() throws Exception {
        MockEnvironment env = locate(new MockEnvironment()
                .withProperty("gateway.routes-dir", routes.resolve("missing").toString()));

        assertThat(env.getProperty("gateway.routes-pattern")).isEqualTo("classpath:routes/*.yaml");
        assertThat(env.getProperty("camel.main.routes-reload-enabled")).isEqualTo("false");
        // the build packages every file of routes/ there
        List<String> shipped;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            shipped = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")).toList();
        }
        assertThat(shipped).contains("twilio-inbound.yaml", "inbound-rules.yaml");
        assertThat(new PathMatchingResourcePatternResolver().getResources("classpath:routes/*.yaml"))
                .extracting(resource -> resource.getFilename())
                .containsExactlyInAnyOrderElementsOf(shipped);
    }
}
