package io.wagateway.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU each process spent per reply that reached the fakes while the loop ran: what a whole message
 * (webhook, model call, reply, send) costs the gateway, PostgreSQL and the bench with its fakes.
 */
final class CpuPerReply {

    private final long gateway;
    private final long postmaster;
    private final FakeOutsideWorld fakes;
    private final long self = ProcessHandle.current().pid();
    private final double gatewayStart;
    private final double postgresStart;
    private final double benchStart;
    private final long repliesStart;
    private Map<String, Object> result;

    /** {@code postmaster} -1: an external PostgreSQL, not measured. */
    CpuPerReply(long gateway, long postmaster, FakeOutsideWorld fakes) {
        this.gateway = gateway;
        this.postmaster = postmaster;
        this.fakes = fakes;
        this.gatewayStart = ProcStats.cpuSeconds(gateway);
        this.postgresStart = postmaster < 0 ? 0 : ProcStats.treeCpuSeconds(postmaster);
        this.benchStart = ProcStats.cpuSeconds(self);
        this.repliesStart = fakes.replies().total();
    }

    void stop() {
        long replies = Math.max(1, fakes.replies().total() - repliesStart);
        result = new LinkedHashMap<>();
        result.put("gateway", perReply(ProcStats.cpuSeconds(gateway) - gatewayStart, replies));
        result.put("postgres", postmaster < 0 ? null
                : perReply(ProcStats.treeCpuSeconds(postmaster) - postgresStart, replies));
        result.put("bench", perReply(ProcStats.cpuSeconds(self) - benchStart, replies));
        result.put("replies", replies);
    }

    Map<String, Object> toJson() {
        return result;
    }

    private static double perReply(double seconds, long replies) {
        return Report.round(seconds * 1000 / replies, 2);
    }
}
