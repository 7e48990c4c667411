package io.wagateway.media;

import io.wagateway.http.RefusedRequest;
import io.wagateway.sql.Sql;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code GET /media/{id}?expires=...&signature=...} (also {@code HEAD}, which Twilio sends first): a stored media
 * file for a provider that fetches what it sends, without the API token but only with a valid, unexpired signature
 * ({@link MediaLinks}); a wrong or missing signature and an expired link are {@code 403}, an unknown id {@code 404}.
 * Not under {@code /api}: no bearer token here.
 */
@Component
public class MediaLinkRoutes extends RouteBuilder {

    private final MediaLinks links;
    private final MediaFiles files;

    public MediaLinkRoutes(MediaLinks links, MediaFiles files) {
        this.links = links;
        this.files = files;
    }

    @Override
    public void configure() {
        from("platform-http:" + MediaLinks.PATH + "{id}?httpMethodRestrict=GET,HEAD").routeId("media-link")
                .routeConfigurationId(MediaLinkErrorHandling.ID)
                .process(this::checkSignature).id("media-link-check-signature")
                .removeHeaders("*").id("media-link-drop-headers")
                .toV(Sql.selectOne("media/find-by-id"), null, "media").id("media-link-select")
                .process(exchange -> files.answer(exchange, exchange.getVariable("media", Map.class),
                        exchange.getMessage().getBody(Map.class).get("mediaId"))).id("media-link-answer");
    }

    /** The body becomes {@code {mediaId}} once the link is valid. */
    private void checkSignature(Exchange exchange) {
        var message = exchange.getMessage();
        String id = message.getHeader("id", String.class);
        MediaLinks.Verdict verdict = links.check(id, message.getHeader("expires", String.class),
                message.getHeader("signature", String.class));
        if (verdict == MediaLinks.Verdict.EXPIRED) {
            throw new RefusedRequest(403, "link expired", "this media link has expired");
        }
        if (verdict != MediaLinks.Verdict.VALID) {
            throw new RefusedRequest(403, "invalid signature", "a media link needs a valid expires and signature");
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("mediaId", UUID.fromString(id));
        message.setBody(parameters);
    }
}
