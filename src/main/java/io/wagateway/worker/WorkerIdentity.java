package io.wagateway.worker;

import java.lang.management.ManagementFactory;
import org.springframework.stereotype.Component;

/** Who holds a lease on a job: host and process, for operators reading {@code reply_jobs.locked_by}. */
@Component
public class WorkerIdentity {

    private final String id = ManagementFactory.getRuntimeMXBean().getName();

    public String id() {
        return id;
    }
}
