package io.wagateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Signed media links: valid until they expire, and only for their item, their expiry and their key. */
class MediaLinksTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final UUID ID = UUID.fromString("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");

    private static MediaLinks at(Instant now) {
        return new MediaLinks(KEY, "https://bot.example.com/", Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Map<String, String> query(String url) {
        return Stream.of(URI.create(url).getQuery().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    @Test
    void aLinkIsUnderThePublicBaseUrlAndValidUntilItsTtlIsOver() {
        String url = at(NOW).signedUrl(ID);
        Map<String, String> query = query(url);

        assertThat(url).startsWith("https://bot.example.com/media/" + ID + "?expires=");
        assertThat(query.get("expires")).isEqualTo(String.valueOf(NOW.plusSeconds(3600).getEpochSecond()));
        assertThat(at(NOW.plusSeconds(3600)).check(ID.toString(), query.get("expires"), query.get("signature")))
                .isEqualTo(MediaLinks.Verdict.VALID);
        assertThat(at(NOW.plusSeconds(3601)).check(ID.toString(), query.get("expires"), query.get("signature")))
                .isEqualTo(MediaLinks.Verdict.EXPIRED);
    }

    @Test
    void anotherItemExpiryKeyOrNoSignatureIsInvalid() {
        Map<String, String> query = query(at(NOW).signedUrl(ID));
        MediaLinks links = at(NOW);
        MediaLinks otherKey = new MediaLinks("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII),
                "https://bot.example.com", Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(links.check(UUID.randomUUID().toString(), query.get("expires"), query.get("signature")))
                .isEqualTo(MediaLinks.Verdict.INVALID);
        assertThat(links.check(ID.toString(), String.valueOf(Long.parseLong(query.get("expires")) + 60),
                query.get("signature"))).isEqualTo(MediaLinks.Verdict.INVALID);
        assertThat(otherKey.check(ID.toString(), query.get("expires"), query.get("signature")))
                .isEqualTo(MediaLinks.Verdict.INVALID);
        assertThat(links.check(ID.toString(), query.get("expires"), null)).isEqualTo(MediaLinks.Verdict.INVALID);
        assertThat(links.check(ID.toString(), "soon", query.get("signature"))).isEqualTo(MediaLinks.Verdict.INVALID);
        assertThat(links.check("not-an-id", query.get("expires"), query.get("signature")))
                .isEqualTo(MediaLinks.Verdict.INVALID);
    }

    @Test
    void withoutPublicBaseUrlThereAreNoLinks() {
        MediaLinks links = new MediaLinks(KEY, " ", Duration.ofHours(1), Clock.systemUTC());

        assertThat(links.canLink()).isFalse();
        assertThatThrownBy(() -> links.signedUrl(ID)).hasMessageContaining("PUBLIC_BASE_URL");
    }
}
