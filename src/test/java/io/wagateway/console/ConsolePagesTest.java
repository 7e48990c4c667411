package io.wagateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.support.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console is static files served by the gateway itself: its page at /console and /console/, its script and
 * style, with a policy that runs only its own script; nothing under /console accepts a write, and the data it shows
 * comes only from the API, behind the token.
 */
class ConsolePagesTest extends GatewayIntegrationTest {

    private HttpResponse<String> request(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void theConsolePageIsServedAtConsoleWithAndWithoutTheSlash() {
        HttpResponse<String> withoutSlash = request("GET", "/console");
        assertThat(withoutSlash.statusCode()).isEqualTo(302);
        assertThat(withoutSlash.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/console/"));

        HttpResponse<String> page = request("GET", "/console/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<title>wa-gateway console</title>", "console.js", "id=\"sign-in\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleHeadersFilter.POLICY);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(request("GET", "/console/index.html").body()).isEqualTo(page.body());
    }

    @Test
    void itsScriptStyleAndChartsAreStaticFilesWithoutData() {
        for (String file : List.of("console.js", "charts.js", "console.css")) {
            HttpResponse<String> response = request("GET", "/console/" + file);

            assertThat(response.statusCode()).as(file).isEqualTo(200);
            assertThat(response.body()).as(file).doesNotContain(API_TOKEN);
        }
        assertThat(request("GET", "/console/console.js").headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("javascript"));
    }

    @Test
    void nothingUnderConsoleAcceptsAWrite() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            for (String path : List.of("/console", "/console/", "/console/index.html", "/console/console.js",
                    "/console/anything")) {
                assertThat(request(method, path).statusCode()).as("%s %s", method, path).isEqualTo(405);
            }
        }
    }

    @Test
    void theScriptPutsWhatUsersWroteOnThePageOnlyAsText() {
        String script = request("GET", "/console/console.js").body() + request("GET", "/console/charts.js").body();

        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")
                .doesNotContain("localStorage.setItem").contains("sessionStorage.setItem");
    }
}
