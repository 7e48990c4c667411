package io.wagateway.media;

import io.wagateway.http.HttpErrors;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/** How the signed media links ({@code GET /media/{id}}) answer what goes wrong: {@link HttpErrors}' JSON error. */
@Component
public class MediaLinkErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "media-link-errors";

    @Override
    public void configuration() {
        HttpErrors.policy(routeConfiguration(ID), new HttpErrors.Wording("Media link request", "retry later", null));
    }
}
