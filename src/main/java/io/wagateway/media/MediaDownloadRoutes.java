package io.wagateway.media;

import io.wagateway.operations.Correlation;
import io.wagateway.sql.Sql;
import io.wagateway.worker.Nudge;
import io.wagateway.worker.WorkerIdentity;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The downloads of what users sent, after the webhook has been answered: the media rows save-inbound left
 * {@code pending} are claimed for a lease ({@code media/claim-download.sql}), fetched from their provider and kept
 * in the {@link MediaStore} ({@link MediaDownloader}), and recorded as {@code stored}, {@code failed} or
 * {@code too_large}, or tried again after a backoff. A final outcome wakes the reply workers: a reply waiting for
 * the message's media goes ahead.
 */
@Component
public class MediaDownloadRoutes extends RouteBuilder {

    static final String ITEM = "mediaItem";
    static final String OUTCOME = "downloadOutcome";
    /** What media/claim-download.sql binds: the lease and who holds it. */
    static final String LEASE_SECONDS = "leaseSeconds";
    static final String WORKER_ID = "workerId";
    /** The claim said another download was due: the worker claims again. */
    static final String CLAIM_AGAIN = "claimAgain";

    private final MediaDownloader downloader;
    private final WorkerIdentity worker;
    private final long leaseSeconds;

    public MediaDownloadRoutes(MediaDownloader downloader, WorkerIdentity worker,
                               @Value("${gateway.media.download-timeout-ms:120000}") long downloadTimeoutMs) {
        this.downloader = downloader;
        this.worker = worker;
        // a download ends by its deadline; the lease outlasts it, so only a dead worker's claim runs out
        this.leaseSeconds = downloadTimeoutMs / 1000 + 60;
    }

    @Override
    public void configure() {
        from("timer:media-poll?period={{gateway.worker.poll-interval-ms}}&delay=1000")
                .routeId("media-poll").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:media-download-worker").id("media-poll-worker");

        from("seda:media-nudge?concurrentConsumers={{gateway.media.concurrency:2}}&size=" + Nudge.QUEUE_SIZE)
                .routeId("media-nudge").autoStartup("{{gateway.worker.enabled}}")
                .to("direct:media-download-worker").id("media-nudge-worker");

        from("direct:media-download-worker").routeId("media-download-worker")
                .setVariable(LEASE_SECONDS, constant(leaseSeconds)).id("media-worker-lease-seconds")
                .setVariable(WORKER_ID, constant(worker.id())).id("media-worker-id")
                .setVariable(CLAIM_AGAIN, constant(true)).id("media-worker-claim-first")
                .loopDoWhile(variable(CLAIM_AGAIN).isEqualTo(true)).id("media-worker-claim-loop")
                    .removeProperty(Correlation.KEY).id("media-worker-correlation-reset")
                    .setBody(constant(null)).id("media-worker-claim-body-reset")
                    .toV(Sql.selectOne("media/claim-download"), null, ITEM).id("media-download-claim")
                    .process(MediaDownloadRoutes::readClaim).id("media-worker-claim-read")
                    .filter(variable(ITEM).isNotNull()).id("media-worker-if-claimed")
                        .filter(variable(CLAIM_AGAIN).isEqualTo(true)).id("media-worker-if-more-due")
                            .to(Nudge.MEDIA).id("media-nudge-next-worker")
                        .end()
                        .to("direct:media-download").id("media-worker-download")
                    .end()
                .end();

        from("direct:media-download").routeId("media-download")
                .process(this::download).id("media-download-fetch")
                .choice().id("media-download-outcome")
                    .when(exchange -> outcome(exchange).kind() == DownloadOutcome.Kind.STORED)
                            .id("media-download-when-stored")
                        .to(Sql.statement("media/record-stored")).id("media-download-record-stored")
                        .log("Media ${body[mediaId]} stored: ${body[size]} bytes of ${body[contentType]}")
                            .id("media-download-log-stored")
                        .to(Nudge.REPLY).id("media-download-reply-nudge-stored")
                    .when(exchange -> outcome(exchange).kind() == DownloadOutcome.Kind.RETRY)
                            .id("media-download-when-retry")
                        .to(Sql.statement("media/schedule-retry")).id("media-download-schedule-retry")
                        .log(LoggingLevel.WARN, "Media ${body[mediaId]} (attempt ${variable.mediaItem.attempts}): "
                                + "${body[reason]}; trying again in ${body[retryDelayMs]} ms")
                            .id("media-download-log-retry")
                    .otherwise().id("media-download-otherwise-final-failure")
                        .to(Sql.statement("media/record-failure")).id("media-download-record-failure")
                        .log(LoggingLevel.WARN, "Media ${body[mediaId]} not downloaded (${body[outcome]}): "
                                + "${body[reason]}").id("media-download-log-failure")
                        .to(Nudge.REPLY).id("media-download-reply-nudge-failed")
                .end();
    }

    private static void readClaim(Exchange exchange) {
        MediaItem item = MediaItem.from(exchange.getVariable(ITEM, Map.class));
        exchange.setVariable(ITEM, item);
        exchange.setVariable(CLAIM_AGAIN, item != null && item.moreDue());
    }

    /**
     * The attempt; its outcome's statement binds the body (a map: a variable set to null would be no variable, and
     * the statements bind nulls).
     */
    private void download(Exchange exchange) {
        MediaItem item = exchange.getVariable(ITEM, MediaItem.class);
        Correlation.set(exchange, item.correlationId());
        DownloadOutcome outcome = downloader.download(item);
        exchange.setVariable(OUTCOME, outcome);
        exchange.getMessage().setBody(outcomeParameters(item, outcome, worker.id()));
    }

    /** What media/record-stored, record-failure and schedule-retry bind. */
    static Map<String, Object> outcomeParameters(MediaItem item, DownloadOutcome outcome, String workerId) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("mediaId", item.mediaId());
        parameters.put(WORKER_ID, workerId);
        parameters.put("outcome", outcome.status());
        parameters.put("reason", outcome.reason());
        parameters.put("size", outcome.size());
        parameters.put("retryDelayMs", outcome.retryDelayMs());
        parameters.put("sha256", outcome.file() == null ? null : outcome.file().sha256());
        parameters.put("contentType", outcome.contentType());
        return parameters;
    }

    private static DownloadOutcome outcome(Exchange exchange) {
        return exchange.getVariable(OUTCOME, DownloadOutcome.class);
    }
}
