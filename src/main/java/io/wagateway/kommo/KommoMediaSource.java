package io.wagateway.kommo;

import io.wagateway.media.Download;
import io.wagateway.media.MediaFetchException;
import io.wagateway.media.MediaHttp;
import io.wagateway.media.MediaItem;
import io.wagateway.media.MediaSource;
import java.io.IOException;
import java.net.URI;
import org.springframework.stereotype.Component;

/** Kommo's file links ({@code attachment[link]}): public, signed by Kommo, fetched as they are. */
@Component
class KommoMediaSource implements MediaSource {

    private final MediaHttp http;

    KommoMediaSource(MediaHttp http) {
        this.http = http;
    }

    @Override
    public String origin() {
        return "kommo";
    }

    @Override
    public Download open(MediaItem item) throws IOException {
        if (item.sourceUrl() == null) {
            throw MediaFetchException.finalFailure("the webhook gave no attachment link");
        }
        return http.get(URI.create(item.sourceUrl()), null);
    }
}
