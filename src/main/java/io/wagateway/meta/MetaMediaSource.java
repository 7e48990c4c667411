package io.wagateway.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.media.Download;
import io.wagateway.media.MediaFetchException;
import io.wagateway.media.MediaHttp;
import io.wagateway.media.MediaItem;
import io.wagateway.media.MediaSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Meta's media, in two steps: {@code GET {META_GRAPH_BASE_URL}/{version}/{media-id}} answers a short-lived URL (with
 * the file's type, size and SHA-256), which is then downloaded with the same bearer token. The URL expires after a
 * few minutes, so every attempt asks for a new one.
 */
@Component
class MetaMediaSource implements MediaSource {

    private static final int LOOKUP_MAX_BYTES = 64 * 1024;

    private final MediaHttp http;
    private final MetaProperties meta;
    private final ObjectMapper json;

    MetaMediaSource(MediaHttp http, MetaProperties meta, ObjectMapper json) {
        this.http = http;
        this.meta = meta;
        this.json = json;
    }

    @Override
    public String origin() {
        return "meta";
    }

    @Override
    public Download open(MediaItem item) throws IOException {
        if (!StringUtils.hasText(meta.accessToken())) {
            throw MediaFetchException.finalFailure("META_ACCESS_TOKEN is not set: Meta's media cannot be downloaded");
        }
        String bearer = "Bearer " + meta.accessToken();
        if (item.sourceId() == null) {
            if (item.sourceUrl() == null) {
                throw MediaFetchException.finalFailure("the webhook gave neither a media id nor a url");
            }
            return http.get(URI.create(item.sourceUrl()), bearer);
        }
        JsonNode lookup = lookup(item.sourceId(), bearer);
        String url = lookup.path("url").asText(null);
        if (url == null) {
            throw MediaFetchException.finalFailure("Meta's media lookup answered no url");
        }
        return http.get(URI.create(url), bearer).withAnnouncedSha256(lookup.path("sha256").asText(null));
    }

    private JsonNode lookup(String mediaId, String bearer) throws IOException {
        URI uri = URI.create(meta.graphBaseUrl() + "/" + meta.apiVersion() + "/"
                + URLEncoder.encode(mediaId, StandardCharsets.UTF_8));
        try (Download answer = http.get(uri, bearer)) {
            byte[] body = answer.body().readNBytes(LOOKUP_MAX_BYTES);
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MediaFetchException("Meta's media lookup answered no JSON object", true, null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MediaFetchException("Meta's media lookup answered no JSON", true, null);
        }
    }
}
