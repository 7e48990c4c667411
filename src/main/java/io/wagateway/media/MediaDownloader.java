package io.wagateway.media;

import io.wagateway.worker.RetryPolicy;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One attempt at a claimed download: the provider's {@link MediaSource} opens it, the {@link MediaStore} keeps it
 * (bounded by {@code MEDIA_MAX_BYTES}), the checksum the provider announced is checked. A failure that may pass is
 * tried again with the retry policy's backoff until its attempts are spent.
 */
@Component
class MediaDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(MediaDownloader.class);

    private final Map<String, MediaSource> sources;
    private final MediaStore store;
    private final MediaProperties properties;
    private final RetryPolicy retries;

    MediaDownloader(List<MediaSource> sources, MediaStore store, MediaProperties properties, RetryPolicy retries) {
        this.sources = sources.stream().collect(Collectors.toMap(MediaSource::origin, Function.identity()));
        this.store = store;
        this.properties = properties;
        this.retries = retries;
    }

    DownloadOutcome download(MediaItem item) {
        MediaSource source = sources.get(item.origin());
        if (source == null) {
            return DownloadOutcome.failed("no way to download media of " + item.origin());
        }
        try (Download download = source.open(item)) {
            return keep(item, download);
        } catch (MediaFetchException e) {
            return e.retryable() ? retryOrGiveUp(item, e) : DownloadOutcome.failed(e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Download of media {} failed: {}", item.mediaId(), e.toString());
            return retryOrGiveUp(item, new MediaFetchException(e.getMessage(), true, null));
        }
    }

    private DownloadOutcome keep(MediaItem item, Download download) throws IOException {
        long max = properties.maxBytes();
        if (download.length() > max) {
            return DownloadOutcome.tooLarge(tooLarge(max), download.length());
        }
        StoredFile file;
        try {
            file = store.put(download.body(), max);
        } catch (MediaTooLargeException e) {
            return DownloadOutcome.tooLarge(tooLarge(max), null);
        }
        String announced = Checksums.hexOf(download.announcedSha256() != null ? download.announcedSha256()
                : item.sourceSha256());
        if (announced != null && !announced.equals(file.sha256())) {
            return retryOrGiveUp(item, new MediaFetchException(
                    "the file's SHA-256 differs from the one the provider announced", true, null));
        }
        return DownloadOutcome.stored(file, download.contentType());
    }

    private DownloadOutcome retryOrGiveUp(MediaItem item, MediaFetchException failure) {
        if (item.attempts() >= retries.maxAttempts()) {
            return DownloadOutcome.failed(failure.getMessage() + " (after " + item.attempts() + " attempts)");
        }
        return DownloadOutcome.retry(failure.getMessage(), retries.delayMs(item.attempts(), failure.retryAfter()));
    }

    private static String tooLarge(long max) {
        return "larger than MEDIA_MAX_BYTES (" + max + " bytes): not downloaded";
    }
}
