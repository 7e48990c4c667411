package io.wagateway.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured load level: what was offered (concurrency or rate), for how long, how many
 * acknowledgements per second came back and how fast, and what failed.
 */
record LoadResult(String level, double seconds, long acks, long errors, Map<String, Long> errorKinds,
                  double perSecond, double p50Ms, double p95Ms, double p99Ms, double maxMs, WebhookResults results) {

    static LoadResult of(String level, double seconds, WebhookResults results) {
        Latencies latencies = results.latencies();
        return new LoadResult(level, seconds, results.acks(), results.errors(), results.errorKinds(),
                results.acks() / seconds, latencies.percentileMs(50), latencies.percentileMs(95),
                latencies.percentileMs(99), latencies.maxMs(), results);
    }

    /** This level's webhooks and {@code others} (the status callbacks of the same window) as one level. */
    LoadResult with(WebhookResults others) {
        return of(level, seconds, results.plus(others));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("level", level);
        json.put("seconds", Report.round(seconds, 2));
        json.put("acks", acks);
        json.put("per_s", Report.round(perSecond, 1));
        json.put("p50_ms", Report.round(p50Ms, 2));
        json.put("p95_ms", Report.round(p95Ms, 2));
        json.put("p99_ms", Report.round(p99Ms, 2));
        json.put("max_ms", Report.round(maxMs, 2));
        json.put("errors", errors);
        json.put("error_kinds", errorKinds);
        return json;
    }
}
