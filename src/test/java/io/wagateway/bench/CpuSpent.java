package io.wagateway.bench;

/**
 * The CPU the gateway, PostgreSQL and the bench itself (with its fakes) spent since this was created, in
 * seconds; PostgreSQL's is unknown (null) for an external database.
 */
final class CpuSpent {

    private final long gateway;
    private final long postmaster;
    private final long self = ProcessHandle.current().pid();
    private final double gatewayStart;
    private final double postgresStart;
    private final double benchStart;

    /** {@code postmaster} -1: an external PostgreSQL, not measured. */
    CpuSpent(long gateway, long postmaster) {
        this.gateway = gateway;
        this.postmaster = postmaster;
        this.gatewayStart = ProcStats.cpuSeconds(gateway);
        this.postgresStart = postmaster < 0 ? 0 : ProcStats.treeCpuSeconds(postmaster);
        this.benchStart = ProcStats.cpuSeconds(self);
    }

    double gatewaySeconds() {
        return ProcStats.cpuSeconds(gateway) - gatewayStart;
    }

    Double postgresSeconds() {
        return postmaster < 0 ? null : ProcStats.treeCpuSeconds(postmaster) - postgresStart;
    }

    double benchSeconds() {
        return ProcStats.cpuSeconds(self) - benchStart;
    }
}
