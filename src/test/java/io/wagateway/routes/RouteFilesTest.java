package io.wagateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * The route files the gateway ships (routes/, also packaged in the jar) are laid out as Camel's tooling
 * expects them (Karavan, the VS Code Camel extension, JBang): {@code <route-id>.camel.yaml}, one route each.
 */
class RouteFilesTest {

    private static final String SUFFIX = ".camel.yaml";

    @Test
    void everyShippedRouteFileIsNamedAfterItsOneRoute() throws Exception {
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of("routes"))) {
            files = listed.sorted().toList();
        }

        assertThat(files).extracting(file -> file.getFileName().toString())
                .containsExactly("inbound-rules.camel.yaml", "kommo-inbound.camel.yaml", "meta-inbound.camel.yaml",
                        "meta-verify.camel.yaml", "twilio-inbound.camel.yaml", "twilio-status.camel.yaml");
        for (Path file : files) {
            String name = file.getFileName().toString();
            assertThat(routesOf(file)).as(name).extracting(RouteDefinition::getRouteId)
                    .containsExactly(name.substring(0, name.length() - SUFFIX.length()));
        }
    }

    /** The routes a file defines, read without starting them. */
    private static List<RouteDefinition> routesOf(Path file) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    PluginHelper.getResourceLoader(camel).resolveResource("file:" + file));
            return List.copyOf(camel.getRouteDefinitions());
        }
    }
}
