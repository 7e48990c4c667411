package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * What a change of a route file does ({@link RoutesReload}), in a plain Camel context: a file that does not
 * load changes nothing (even when its route was already taken down to be replaced), a deleted file's routes
 * go. The whole gateway watching a folder: {@link LiveRoutesReloadTest}.
 */
class RoutesReloadTest {

    private static final String ROUTES = """
            - route:
                id: greeting
                from:
                  id: greeting-start
                  uri: direct:greeting
                  steps:
                    - setBody:
                        id: greeting-text
                        constant: %s
            """;
    private static final String OTHER = """
            - route:
                id: other
                from:
                  id: other-start
                  uri: direct:other
                  steps:
                    - setBody:
                        id: other-text
                        constant: other
            """;

    @TempDir
    Path dir;
    private Path file;
    private DefaultCamelContext camel;
    private final RoutesReload reload = new RoutesReload(
            new StaticListableBeanFactory().getBeanProvider(CamelRequestHandlerMapping.class));

    @BeforeEach
    void start() throws Exception {
        file = write("greeting.yaml", ROUTES.formatted("v1"));
        write("other.yaml", OTHER);
        camel = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                PluginHelper.getResourceLoader(camel).resolveResource("file:" + file),
                PluginHelper.getResourceLoader(camel).resolveResource("file:" + dir.resolve("other.yaml")));
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aSavedFileReplacesItsRoutesAndNoOther() throws Exception {
        Route other = camel.getRoute("other");

        change(write("greeting.yaml", ROUTES.formatted("v2")));

        assertThat(call("greeting")).isEqualTo("v2");
        assertThat(camel.getRoute("other")).isSameAs(other);
    }

    @Test
    void aFileThatDoesNotParseChangesNothingAndTheErrorNamesTheLine() throws Exception {
        write("greeting.yaml", ROUTES.formatted("v2") + "          - log: misplaced\n");

        assertThatThrownBy(() -> change(file))
                .hasMessageStartingWith("line 10, column 11: expected <block end>, but found '-'")
                .hasMessageEndingWith("the previous routes keep running");
        assertThat(call("greeting")).isEqualTo("v1");
    }

    @Test
    void anUnknownStepNamesItsLine() throws Exception {
        write("greeting.yaml", ROUTES.formatted("v2").replace("setBody", "setBdy"));

        assertThatThrownBy(() -> change(file)).hasMessageStartingWith("line 7, column 11: Unknown node id: setBdy");
        assertThat(call("greeting")).isEqualTo("v1");
    }

    @Test
    void aRouteThatCannotBeCreatedIsPutBackAsItWasAndWhatTheFileAddedGoes() throws Exception {
        write("greeting.yaml", OTHER.replace("other", "added") + ROUTES.formatted("v2")
                .replace("constant: v2", "ref: noSuchBean").replace("setBody", "bean"));

        assertThatThrownBy(() -> change(file))
                .hasMessageContaining("No bean could be found in the registry for: noSuchBean");
        assertThat(call("greeting")).isEqualTo("v1");
        assertThat(camel.getRoute("added")).isNull();
        assertThat(camel.getRouteDefinition("added")).isNull();
        assertThat(camel.getRoutes()).hasSize(2);
    }

    @Test
    void anEmptyFileChangesNothing() throws Exception {
        write("greeting.yaml", "");

        assertThatThrownBy(() -> change(file)).hasMessageContaining("empty");
        assertThat(call("greeting")).isEqualTo("v1");
    }

    @Test
    void aDeletedFilesRoutesAreRemovedAndNoOther() throws Exception {
        Files.delete(file);

        change(file);

        assertThat(camel.getRoute("greeting")).isNull();
        assertThat(camel.getRoute("other")).isNotNull();
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    /** What Camel's watcher does when it sees the file change. */
    private void change(Path changed) throws Exception {
        reload.onChange(camel, changed.toString(),
                PluginHelper.getResourceLoader(camel).resolveResource("file:" + changed));
    }

    private String call(String route) {
        return camel.createProducerTemplate().requestBody("direct:" + route, "", String.class);
    }
}
