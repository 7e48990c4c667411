package io.wagateway.media;

import io.wagateway.http.BoundedHttpClient;
import io.wagateway.worker.RetryAfter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The HTTP GET of media files from the providers. What it does that a plain client does not:
 * <ul>
 *   <li>redirects are followed by hand, and the credentials go only to the host they were meant for: Twilio answers
 *       a media URL with a redirect to a signed storage URL, which refuses a request that carries both;</li>
 *   <li>every read waits at most the provider timeout, and the whole download at most
 *       {@code MEDIA_DOWNLOAD_TIMEOUT_MS}, so a server that dribbles never holds a worker;</li>
 *   <li>an error answer becomes a {@link MediaFetchException} saying whether trying again may help.</li>
 * </ul>
 */
@Component
public class MediaHttp implements DisposableBean {

    private static final int MAX_REDIRECTS = 5;

    private final CloseableHttpClient client;
    private final Duration downloadTimeout;

    public MediaHttp(@Value("${gateway.provider-timeout-ms}") long timeoutMs,
                     @Value("${gateway.media.download-timeout-ms:120000}") long downloadTimeoutMs) {
        Timeout timeout = Timeout.ofMilliseconds(timeoutMs);
        this.client = BoundedHttpClient.builder(timeout)
                .disableRedirectHandling()
                .disableCookieManagement()
                // the bytes as the provider keeps them, and their announced length
                .disableContentCompression()
                .build();
        this.downloadTimeout = Duration.ofMillis(downloadTimeoutMs);
    }

    /**
     * Starts the download of {@code uri}, with the {@code Authorization} header for its host (null: none).
     * The caller closes the {@link Download}.
     */
    public Download get(URI uri, String authorization) throws IOException {
        Instant deadline = Instant.now().plus(downloadTimeout);
        URI location = uri;
        for (int redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
            HttpGet get = new HttpGet(location);
            if (authorization != null && sameOrigin(uri, location)) {
                get.setHeader("Authorization", authorization);
            }
            CloseableHttpResponse response = execute(get, location);
            int status = response.getCode();
            if (status >= 300 && status < 400 && response.getFirstHeader("Location") != null) {
                location = location.resolve(response.getFirstHeader("Location").getValue());
                response.close();
                continue;
            }
            if (status >= 200 && status < 300 && response.getEntity() != null) {
                return downloadOf(response, deadline);
            }
            response.close();
            throw refusal(status, response.getFirstHeader("Retry-After"));
        }
        throw MediaFetchException.finalFailure("more than " + MAX_REDIRECTS + " redirects from " + uri.getHost());
    }

    private CloseableHttpResponse execute(HttpGet get, URI location) throws IOException {
        try {
            return client.execute(get);
        } catch (SocketTimeoutException e) {
            throw new MediaFetchException("no answer from " + location.getHost() + " in time", true, null);
        } catch (IOException e) {
            throw new MediaFetchException("cannot reach " + location.getHost() + ": " + e.getMessage(), true, null);
        }
    }

    private Download downloadOf(CloseableHttpResponse response, Instant deadline) throws IOException {
        HttpEntity entity = response.getEntity();
        String contentType = entity.getContentType() == null ? null : entity.getContentType().split(";")[0].trim();
        InputStream body = new DeadlineInputStream(entity.getContent(), response, deadline, downloadTimeout);
        return new Download(body, contentType == null || contentType.isEmpty() ? null : contentType,
                entity.getContentLength(), null);
    }

    private static MediaFetchException refusal(int status, Header retryAfter) {
        boolean retryable = status == 408 || status == 429 || status >= 500;
        String reason = switch (status) {
            case 401, 403 -> "the provider refused the credentials (" + status + ")";
            case 404, 410 -> "the provider no longer has the file (" + status + ")";
            default -> "the provider answered " + status;
        };
        return new MediaFetchException(reason, retryable,
                retryAfter == null ? null : RetryAfter.parse(retryAfter.getValue(), Instant.now()));
    }

    private static boolean sameOrigin(URI first, URI other) {
        return Objects.equals(first.getScheme(), other.getScheme())
                && Objects.equals(first.getHost(), other.getHost()) && first.getPort() == other.getPort();
    }

    @Override
    public void destroy() throws IOException {
        client.close();
    }

    /** The body, read until the download's deadline; closing it releases the connection. */
    private static final class DeadlineInputStream extends FilterInputStream {

        private final CloseableHttpResponse response;
        private final Instant deadline;
        private final Duration limit;

        DeadlineInputStream(InputStream body, CloseableHttpResponse response, Instant deadline, Duration limit) {
            super(body);
            this.response = response;
            this.deadline = deadline;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            checkDeadline();
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkDeadline();
            try {
                return super.read(buffer, offset, length);
            } catch (SocketTimeoutException e) {
                throw new MediaFetchException("the download stalled", true, null);
            }
        }

        private void checkDeadline() throws MediaFetchException {
            if (Instant.now().isAfter(deadline)) {
                throw new MediaFetchException("the download took longer than " + limit.toSeconds()
                        + " s (MEDIA_DOWNLOAD_TIMEOUT_MS)", true, null);
            }
        }

        @Override
        public void close() throws IOException {
            // closing the response rather than reading the rest of a refused or oversized body
            response.close();
        }
    }
}
