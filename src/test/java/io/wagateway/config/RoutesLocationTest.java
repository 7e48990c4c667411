package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.FileUtil;
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
    void aRoutesDirOfOlderPlainYamlFilesStillLoadsBesideCamelYamlFilesEachFileOnce() throws Exception {
        Files.writeString(routes.resolve("greeting.camel.yaml"), route("greeting"));
        Files.writeString(routes.resolve("legacy.yaml"), route("legacy"));
        MockEnvironment env = locate(new MockEnvironment().withProperty("gateway.routes-dir", routes.toString()));

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            // what camel-main does with camel.main.routes-include-pattern
            Collection<Resource> found = PluginHelper.getPackageScanResourceResolver(camel)
                    .findResources(env.getProperty("gateway.routes-pattern"));
            assertThat(found).extracting(resource -> FileUtil.stripPath(resource.getLocation()))
                    .containsExactlyInAnyOrder("greeting.camel.yaml", "legacy.yaml");
            PluginHelper.getRoutesLoader(camel).loadRoutes(found);
            camel.start();

            ProducerTemplate template = camel.createProducerTemplate();
            assertThat(template.requestBody("direct:greeting", "", String.class)).isEqualTo("greeting");
            assertThat(template.requestBody("direct:legacy", "", String.class)).isEqualTo("legacy");
        }
    }

    @Test
    void anOlderFileBesideItsRenamedCopyIsRefusedRatherThanOneOfThemWinningSilently() throws Exception {
        Files.writeString(routes.resolve("greeting.yaml"), route("greeting"));
        Files.writeString(routes.resolve("greeting.camel.yaml"), route("greeting"));

        assertThatThrownBy(() -> locate(new MockEnvironment().withProperty("gateway.routes-dir", routes.toString())))
                .hasMessage("ROUTES_DIR holds greeting.yaml and greeting.camel.yaml, the same routes under the older "
                        + "and the new name: keep one of them");
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
        assertThat(shipped).contains("twilio-inbound.camel.yaml", "inbound-rules.camel.yaml");
        assertThat(new PathMatchingResourcePatternResolver().getResources("classpath:routes/*.yaml"))
                .extracting(resource -> resource.getFilename())
                .containsExactlyInAnyOrderElementsOf(shipped);
    }

    private static String route(String id) {
        return """
                - route:
                    id: %1$s
                    from:
                      id: %1$s-start
                      uri: direct:%1$s
                      steps:
                        - setBody:
                            id: %1$s-text
                            constant: %1$s
                """.formatted(id);
    }
}
