package io.wagateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run: printed as a table and written as JSON ({@code target/bench/result.json}). */
final class Report {

    final Map<String, Object> json = new LinkedHashMap<>();

    static double round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), sanitized(json));
    }

    /** JSON has no NaN: a figure that could not be measured is null. */
    @SuppressWarnings("unchecked")
    private static Object sanitized(Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, sanitized(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Report::sanitized).toList();
        }
        return value;
    }

    private static double d(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String name) {
        Object section = json.get(name);
        return section instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> levels(Map<String, Object> section) {
        Object levels = section.get("levels");
        return levels instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static void printStatements(PrintStream out, Map<String, Object> statements) {
        Object rows = statements.get("rows");
        if (!(rows instanceof List<?> list)) {
            return;
        }
        out.println();
        out.println("statements per message (pg_stat_statements): the gateway in the loop's measured windows"
                + " (per reply) / the limit");
        for (Map<String, Object> row : (List<Map<String, Object>>) list) {
            out.println(format("  %6.2f %6.2f %s %s", d(row.get("gateway_per_reply")), d(row.get("limit_per_message")),
                    Boolean.TRUE.equals(row.get("differs")) ? "DIFFERS" : "       ", row.get("statement")));
        }
        Object differing = statements.get("differing");
        if (differing instanceof List<?> names && !names.isEmpty()) {
            out.println("  WARNING: " + names.size() + " statements differ: the limit does not replay what the gateway"
                    + " ran per message (io.wagateway.bench.LimitWorkload)");
        }
    }

    private static void printProfile(PrintStream out, String phase, Object profile) {
        if (profile instanceof Map<?, ?> shares) {
            out.println();
            out.println("profile of the gateway under the " + phase + " load (JFR, % of CPU samples):");
            shares.forEach((key, value) -> out.println("  " + key + ": " + value));
        }
    }

    private static void row(PrintStream out, String figure, String what, String value, String ratio,
                            String anchorRatio, String detail) {
        out.println(format("%-7s %-24s %-19s %-8s %-9s %s", figure, what, value, ratio, anchorRatio, detail));
    }

    @SuppressWarnings("unchecked")
    void print(PrintStream out) {
        Map<String, Object> ack = section("ack");
        Map<String, Object> loop = section("loop");
        Map<String, Object> limit = section("limit");
        Map<String, Object> anchor = section("anchor");
        Map<String, Object> steady = section("steady");
        Map<String, Object> start = section("start_s");
        out.println();
        out.println(format("wa-gateway benchmark: %s run of %s, %s cores, %s", json.get("mode"), json.get("commit"),
                json.get("cores"), json.get("date")));
        out.println("machine: " + json.get("machine"));
        out.println();
        row(out, "figure", "what", "value", "/ limit", "/ anchor", "detail");
        out.println("-".repeat(140));
        row(out, "limit", "PostgreSQL, plain JDBC", format("%.1f msg/s", d(json.get("limit_tps"))), "1.00",
                format("%.2f", d(json.get("limit_tps")) / d(json.get("anchor_tps"))),
                format("%s threads; webhook transaction p50 %.2f ms, p99 %.2f ms", limit.get("best_threads"),
                        d(limit.get("inbound_tx_p50_ms")), d(limit.get("inbound_tx_p99_ms"))));
        row(out, "anchor", "the guide's transaction", format("%.1f tx/s", d(json.get("anchor_tps"))),
                format("%.2f", d(json.get("anchor_tps")) / d(json.get("limit_tps"))), "1.00",
                format("%s clients; transaction p50 %.2f ms, p99 %.2f ms", anchor.get("best_clients"),
                        d(anchor.get("tx_p50_ms")), d(anchor.get("tx_p99_ms"))));
        row(out, "ack", "signed webhooks, mix", format("%.1f acks/s", d(json.get("ack_per_s"))),
                format("%.2f", d(json.get("ack_ratio"))), format("%.2f", d(json.get("ack_anchor_ratio"))),
                format("%s; by kind %s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; %s errors", ack.get("best_concurrency"),
                        ack.get("webhooks_per_s"), d(ack.get("p50_ms")), d(ack.get("p95_ms")), d(ack.get("p99_ms")),
                        ack.get("errors")));
        row(out, "loop", "replies at the fakes", format("%.1f replies/s", d(json.get("loop_per_s"))),
                format("%.2f", d(json.get("loop_ratio"))), format("%.2f", d(json.get("loop_anchor_ratio"))),
                format("%s users; webhook-to-send p50 %.0f ms, p99 %.0f ms; %s unanswered, %s duplicates; CPU ms per "
                        + "reply %s", loop.get("best_users"), d(loop.get("p50_ms")), d(loop.get("p99_ms")),
                        loop.get("unanswered"), loop.get("duplicates"), loop.get("cpu_ms_per_reply")));
        row(out, "steady", format("%s webhooks/s for %.0f s", steady.get("rate"), d(steady.get("seconds"))),
                format("p99 ack %.1f ms", d(steady.get("p99_ack_ms"))), "", "",
                format("%s errors of %s; by kind %s; p99 inbound %.1f ms, status %.1f ms; peak RSS %s MiB; "
                        + "CPU gateway %.2f + postgres %.2f cores (bench %.2f)", steady.get("errors"),
                        steady.get("sent"), steady.get("webhooks_per_s"), d(steady.get("inbound_p99_ack_ms")),
                        d(steady.get("status_p99_ack_ms")), steady.get("peak_rss_mib"),
                        d(steady.get("cpu_cores_gateway")), d(steady.get("cpu_cores_postgres")),
                        d(steady.get("cpu_cores_bench"))));
        Map<String, Object> instances = section("instances");
        if (!instances.isEmpty()) {
            Object oneGateway = ack.get("webhooks_per_s");
            double oneGatewayInbound = oneGateway instanceof Map<?, ?> kinds ? d(kinds.get("inbound_message"))
                    : Double.NaN;
            row(out, "several", format("%s gateways, one database", instances.get("count")),
                    format("%.1f acks/s", d(instances.get("ack_per_s"))), "", "",
                    format("inbound messages only, %s; p99 %.1f ms; loop of %s users %.1f replies/s (one gateway: "
                                    + "%.1f inbound acks/s, %.1f replies/s)", instances.get("ack_best_concurrency"),
                            d(instances.get("ack_p99_ms")), instances.get("loop_users"),
                            d(instances.get("loop_per_s")), oneGatewayInbound, d(json.get("loop_per_s"))));
        }
        row(out, "start", "to /actuator/health UP",
                format("%.1f s / %.1f s", d(start.get("empty")), d(start.get("full"))),
                "", "", "empty / full data directory " + json.get("full_data"));
        out.println();
        out.println("targets:");
        Object targets = json.get("targets");
        if (targets instanceof Map<?, ?> map) {
            ((Map<String, Map<String, Object>>) map).forEach((name, target) -> out.println(format("  %-26s %-8s %s",
                    name, Boolean.TRUE.equals(target.get("met")) ? "met" : "NOT MET", target.get("value"))));
        }
        out.println();
        out.println("levels:");
        levels(limit).forEach(level -> out.println(format(
                "  limit %3s threads  %8.1f msg/s      replies %s, sends %s, webhook tx p50 %.2f ms, errors %s",
                level.get("threads"), d(level.get("per_s")), level.get("replies"), level.get("sends"),
                d(level.get("inbound_tx_p50_ms")), level.get("errors"))));
        levels(anchor).forEach(level -> out.println(format(
                "  anchor %3s clients %8.1f tx/s       p50 %.2f ms, p99 %.2f ms, errors %s",
                level.get("clients"), d(level.get("per_s")), d(level.get("tx_p50_ms")), d(level.get("tx_p99_ms")),
                level.get("errors"))));
        levels(ack).forEach(level -> out.println(format(
                "  ack   %-12s %8.1f acks/s     %s; p50 %.1f, p95 %.1f, p99 %.1f ms, errors %s %s; "
                        + "then drained in %s s",
                level.get("level"), d(level.get("per_s")), level.get("webhooks_per_s"), d(level.get("p50_ms")),
                d(level.get("p95_ms")), d(level.get("p99_ms")), level.get("errors"), level.get("error_kinds"),
                level.get("drain_s"))));
        levels(loop).forEach(level -> out.println(format(
                "  loop  %4s users    %8.1f replies/s  webhook-to-send p50 %.0f, p99 %.0f ms; "
                        + "acks p99 %.1f ms, errors %s; webhooks/s %s, status p99 %.1f ms, errors %s",
                level.get("users"), d(level.get("per_s")), d(level.get("p50_ms")), d(level.get("p99_ms")),
                d(level.get("ack_p99_ms")), level.get("ack_errors"), level.get("webhooks_per_s"),
                d(level.get("status_ack_p99_ms")), level.get("status_errors"))));
        printStatements(out, section("statements"));
        if (json.get("status_callbacks") != null) {
            out.println();
            out.println("status callbacks: " + json.get("status_callbacks"));
        }
        printProfile(out, "ack", json.get("profile"));
        printProfile(out, "loop", json.get("profile_loop"));
        out.println();
        out.println("configuration:");
        if (json.get("configuration") instanceof Map<?, ?> configuration) {
            configuration.forEach((key, value) -> out.println("  " + key + ": " + value));
        }
        out.println("database: " + limit.get("database"));
        out.println("fakes: " + json.get("fakes"));
        out.println();
    }
}
