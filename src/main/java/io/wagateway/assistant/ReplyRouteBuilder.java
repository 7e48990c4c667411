package io.wagateway.assistant;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * A route builder of the reply pipeline. None has an error handler: every failure is dealt with where it
 * happens (the doTry of {@code reply-job}), so that none is only logged.
 */
abstract class ReplyRouteBuilder extends RouteBuilder {

    /** Why a statement of a job's claim holder found the job no longer its own. */
    static final String CLAIM_LOST = "The reply job of conversation ${variable.conversationId} is no longer this "
            + "worker's";

    @Override
    public final void configure() {
        errorHandler(noErrorHandler());
        routes();
    }

    abstract void routes();

    static ReplyJob job(Exchange exchange) {
        return exchange.getVariable(ReplyVariables.JOB, ReplyJob.class);
    }

    /** The conversation's history the job read, oldest first. */
    @SuppressWarnings("unchecked")
    static List<HistoryMessage> history(Exchange exchange) {
        return exchange.getVariable(ReplyVariables.HISTORY, List.class);
    }

    static Throwable caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
