package io.wagateway.twilio;

import io.wagateway.media.Download;
import io.wagateway.media.MediaFetchException;
import io.wagateway.media.MediaHttp;
import io.wagateway.media.MediaItem;
import io.wagateway.media.MediaSource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Twilio's media URLs ({@code MediaUrl0}...), fetched with the account's HTTP Basic credentials (accounts with
 * "HTTP Basic Authentication for media access" need them; others accept them). Twilio redirects to a signed
 * storage URL, which gets no credentials ({@link MediaHttp}).
 */
@Component
class TwilioMediaSource implements MediaSource {

    private final MediaHttp http;
    private final TwilioProperties twilio;

    TwilioMediaSource(MediaHttp http, TwilioProperties twilio) {
        this.http = http;
        this.twilio = twilio;
    }

    @Override
    public String origin() {
        return "twilio";
    }

    @Override
    public Download open(MediaItem item) throws IOException {
        if (item.sourceUrl() == null) {
            throw MediaFetchException.finalFailure("the webhook gave no MediaUrl");
        }
        return http.get(URI.create(item.sourceUrl()), twilio.canSend() ? basic() : null);
    }

    private String basic() {
        String credentials = twilio.accountSid() + ":" + twilio.authToken();
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
