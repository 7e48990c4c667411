package io.wagateway.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ratios to the limit and to the anchor, and the targets of issues 7 and 17, each met or not, from the
 * figures of a run.
 */
final class Targets {

    private Targets() {
    }

    /**
     * Adds {@code ack_ratio}, {@code loop_ratio}, {@code ack_anchor_ratio}, {@code loop_anchor_ratio} and
     * {@code targets} to the figures of a run.
     */
    static void add(Map<String, Object> json) {
        double limit = number(json.get("limit_tps"));
        double ack = number(json.get("ack_per_s"));
        double loop = number(json.get("loop_per_s"));
        double ackRatio = limit > 0 ? ack / limit : Double.NaN;
        double loopRatio = limit > 0 ? loop / limit : Double.NaN;
        json.put("ack_ratio", Report.round(ackRatio, 3));
        json.put("loop_ratio", Report.round(loopRatio, 3));
        double anchor = number(json.get("anchor_tps"));
        double ackAnchor = anchor > 0 ? ack / anchor : Double.NaN;
        double loopAnchor = anchor > 0 ? loop / anchor : Double.NaN;
        json.put("ack_anchor_ratio", Report.round(ackAnchor, 3));
        json.put("loop_anchor_ratio", Report.round(loopAnchor, 3));
        @SuppressWarnings("unchecked")
        Map<String, Object> steady = (Map<String, Object>) json.get("steady");
        @SuppressWarnings("unchecked")
        Map<String, Object> start = (Map<String, Object>) json.get("start_s");
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("ack/limit >= 0.5", target(ackRatio >= 0.5, Report.format("%.3f", ackRatio)));
        targets.put("loop/limit >= 0.35", target(loopRatio >= 0.35, Report.format("%.3f", loopRatio)));
        targets.put("ack/anchor >= 0.6", target(ackAnchor >= 0.6, Report.format("%.3f", ackAnchor)));
        targets.put("loop/anchor >= 0.15", target(loopAnchor >= 0.15, Report.format("%.3f", loopAnchor)));
        double p99 = number(steady.get("p99_ack_ms"));
        long errors = (long) number(steady.get("errors"));
        targets.put("steady p99 ack <= 25 ms", target(p99 <= 25, Report.format("%.1f ms", p99)));
        targets.put("steady errors = 0", target(errors == 0, Long.toString(errors)));
        // issue 17: the mix offered at 500 webhooks/s, acknowledged within 250 ms
        targets.put("steady mix p99 ack <= 250 ms", target(p99 <= 250 && errors == 0,
                Report.format("%.1f ms at %s webhooks/s reached", p99, steady.get("webhooks_per_s"))));
        double slowest = Math.max(number(start.get("empty")), number(start.get("full")));
        targets.put("start <= 10 s", target(slowest <= 10, Report.format("%.1f s (slower of empty, full)", slowest)));
        double rss = number(steady.get("peak_rss_mib"));
        targets.put("steady RSS <= 512 MiB", target(rss <= 512, Report.format("%.0f MiB", rss)));
        json.put("targets", targets);
    }

    private static Map<String, Object> target(boolean met, String value) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("met", met);
        target.put("value", value);
        return target;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
