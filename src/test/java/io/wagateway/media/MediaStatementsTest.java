package io.wagateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.support.StatementNames;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The download worker's statements bind only what its routes set: the claim the lease and the worker, the outcome's
 * statements the keys of the parameters the download leaves in the body. A name renamed on one side fails here
 * instead of at run time (camel-sql would bind nothing, or refuse the statement).
 */
class MediaStatementsTest {

    @Test
    void theClaimBindsTheLeaseAndTheWorkerTheRouteSets() {
        Set<String> bound = StatementNames.assertBindOnly(List.of("media/claim-download"),
                List.of(MediaDownloadRoutes.LEASE_SECONDS, MediaDownloadRoutes.WORKER_ID));

        assertThat(bound).containsExactlyInAnyOrder(MediaDownloadRoutes.LEASE_SECONDS, MediaDownloadRoutes.WORKER_ID);
    }

    @Test
    void everyOutcomeStatementBindsOnlyTheParametersADownloadLeaves() {
        MediaItem item = new MediaItem("7f9c", "meta", null, "65463453", null, "image/jpeg", 1, "wamid.1", false);
        List<String> keys = List.copyOf(MediaDownloadRoutes.outcomeParameters(item,
                DownloadOutcome.retry("503 from the provider", 2000), "worker-1").keySet());

        Set<String> bound = StatementNames.assertBindOnly(
                List.of("media/record-stored", "media/record-failure", "media/schedule-retry"), keys);

        assertThat(bound).contains("mediaId", MediaDownloadRoutes.WORKER_ID, "sha256", "retryDelayMs");
    }
}
