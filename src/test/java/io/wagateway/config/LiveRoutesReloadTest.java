package io.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.GatewayProcess;
import io.wagateway.support.TwilioWebhooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway running on a copy of routes/ with live reload on, as an integrator edits it: a saved mapping
 * shows on the next webhook, a save that does not parse leaves the previous version serving, an added file's
 * route starts and goes again when the file is deleted. One gateway, no restart.
 */
class LiveRoutesReloadTest {

    private static final Duration RELOADED = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PROBE = """
            - route:
                id: reload-probe
                from:
                  id: reload-probe-webhook
                  uri: platform-http:/reload-probe
                  steps:
                    - setBody:
                        id: reload-probe-answer
                        constant: probe
            """;

    @TempDir
    Path routes;
    private final AtomicInteger sids = new AtomicInteger(1000);

    @Test
    void savedAddedBrokenAndDeletedRouteFilesChangeTheRunningGateway() throws Exception {
        try (DirectoryStream<Path> shipped = Files.newDirectoryStream(Path.of("routes"), "*.yaml")) {
            for (Path file : shipped) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        FakeProviders.reset();
        try (GatewayProcess gateway = GatewayProcess.start(Map.of(
                "gateway.embedded-db.dir", Path.of("target", "test-pg", "reload-" + UUID.randomUUID()).toString(),
                "gateway.routes-dir", routes.toString(),
                "camel.main.routes-reload-enabled", "true"))) {
            CamelContext camel = gateway.bean(CamelContext.class);
            RouteWatcherReloadStrategy watcher = camel.hasService(RouteWatcherReloadStrategy.class);
            assertThat(watcher.getFolder()).isEqualTo(routes.toAbsolutePath().normalize().toString());
            assertThat(storedText(gateway, "hello")).isEqualTo("hello");

            // a mapping changed in twilio-inbound.camel.yaml: a prefix on the text of the canonical message
            Path twilio = routes.resolve("twilio-inbound.camel.yaml");
            String edited = Files.readString(twilio).replace("            ref: twilioNormalizer\n", """
                            ref: twilioNormalizer
                        - setBody:
                            id: twilio-prefix
                            simple: "${body.withText('[v2] ${body.text}')}"
                    """.indent(4));
            assertThat(edited).contains("twilio-prefix");
            save(twilio, edited);
            await().atMost(RELOADED).until(() -> "[v2] hello".equals(storedText(gateway, "hello")));
            // the reloaded route keeps its signature check and error policy
            HttpResponse<String> unsigned = GatewayIntegrationTest.postForm(gateway.port(), "/webhooks/twilio",
                    TwilioWebhooks.encode(TwilioWebhooks.text("SM%032d".formatted(1), "+15550007777", "hi")),
                    "not-a-signature");
            assertThat(unsigned.statusCode()).isEqualTo(403);
            assertThat(unsigned.body()).contains("\"error\"");

            // a save that does not parse: the failure is counted, the previous version keeps serving
            int failures = watcher.getFailedCounter();
            save(twilio, edited + "          - log: misplaced\n");
            await().atMost(RELOADED).until(() -> watcher.getFailedCounter() > failures);
            assertThat(watcher.getLastError()).hasMessageContaining("line ")
                    .hasMessageEndingWith("the previous routes keep running")
                    .cause().hasMessageContaining("twilio-inbound.camel.yaml");
            assertThat(storedText(gateway, "still there?")).isEqualTo("[v2] still there?");

            // an added file's route starts, also under an older plain *.yaml name; deleting the file removes it
            save(routes.resolve("reload-probe.yaml"), PROBE);
            await().atMost(RELOADED).until(() -> get(gateway, "/reload-probe").statusCode() == 200);
            assertThat(get(gateway, "/reload-probe").body()).isEqualTo("probe");
            Files.delete(routes.resolve("reload-probe.yaml"));
            await().atMost(RELOADED).until(() -> get(gateway, "/reload-probe").statusCode() == 404);
            assertThat(camel.getRoute("reload-probe")).isNull();
            assertThat(storedText(gateway, "bye")).isEqualTo("[v2] bye");
        }
    }

    /** Writes the file the way editors save: a new file moved over the old one, so no half-written read. */
    private static void save(Path file, String content) throws IOException {
        Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), content);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Posts a new Twilio message with {@code text} and answers what the gateway stored as its content, or null
     * when the webhook was not answered 200 (it may be while its route is being swapped).
     */
    private String storedText(GatewayProcess gateway, String text) {
        String sid = "SM%032d".formatted(sids.incrementAndGet());
        HttpResponse<String> response = GatewayIntegrationTest.postTwilio(gateway.port(),
                TwilioWebhooks.text(sid, "+15550007777", text));
        return response.statusCode() != 200 ? null : gateway.jdbc().queryForObject(
                "SELECT content FROM kommo_messages WHERE provider_message_id = ?", String.class, sid);
    }

    private static HttpResponse<String> get(GatewayProcess gateway, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
