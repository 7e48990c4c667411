package io.wagateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.security.ApiToken;
import io.wagateway.support.GatewayIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code GET /media/{id}}: served without the token with a valid link, refused when it has expired. */
class MediaLinkRouteTest extends GatewayIntegrationTest {

    @Autowired
    private ApiToken token;

    @Autowired
    private MediaStore store;

    private HttpResponse<String> fetch(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.replace(PUBLIC_BASE_URL,
                "http://localhost:" + port))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private MediaLinks linksAt(Instant now) {
        return new MediaLinks(token.derivedKey(MediaLinks.KEY_PURPOSE), PUBLIC_BASE_URL, Duration.ofMinutes(5),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aValidLinkServesTheFileAnExpiredOneIs403AndAnUnstoredItem404() throws Exception {
        StoredFile file = store.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), 100);
        UUID id = jdbc.queryForObject("INSERT INTO media (origin, status, content_type, sha256, size_bytes) "
                + "VALUES ('upload', 'stored', 'text/plain', ?, ?) RETURNING id", UUID.class, file.sha256(),
                file.size());

        HttpResponse<String> valid = fetch(linksAt(Instant.now()).signedUrl(id));
        HttpResponse<String> expired = fetch(linksAt(Instant.now().minus(Duration.ofHours(1))).signedUrl(id));
        HttpResponse<String> unknown = fetch(linksAt(Instant.now()).signedUrl(UUID.randomUUID()));

        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.body()).isEqualTo("hello");
        assertThat(valid.headers().firstValue("Content-Disposition")).hasValue("attachment");
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("\"error\":\"link expired\"");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"media not found\"");
    }
}
