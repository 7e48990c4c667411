package io.wagateway.support;

import static org.awaitility.Awaitility.await;

import io.wagateway.worker.HeldReplyClaims;
import io.wagateway.worker.SendLeases;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;

/**
 * The event that proves a gateway's workers have done all there was to do, for the assertions that something
 * did not happen (no second send, no second model call) instead of a count watched for a while: a whole poll
 * round that began after the call, then nothing in flight. The timer of a poll runs one round at a time, so of
 * two rounds completed after the call the second began after it; a round claims whatever is due and finishes
 * it before it completes. A nudge consumer may hold a claim meanwhile: it is in flight until its work is done.
 * Afterwards whatever was due when called has reached the fakes, and what was finished or failed for good had
 * its chance to be claimed again.
 */
public final class Workers {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final CamelContext camel;
    private final SendLeases sendLeases;
    private final HeldReplyClaims replyClaims;

    public Workers(CamelContext camel) {
        this.camel = camel;
        this.sendLeases = camel.getRegistry().findSingleByType(SendLeases.class);
        this.replyClaims = camel.getRegistry().findSingleByType(HeldReplyClaims.class);
    }

    /** Every send that was due or claimed when called has reached its provider, and its outcome is recorded. */
    public void awaitSendsSettled() {
        awaitRoundOf("send-poll");
        await("no send in flight").atMost(LIMIT).until(() -> !sendInFlight());
    }

    /** Every reply job that was due or claimed when called is done, and so are the sends it stored. */
    public void awaitRepliesSettled() {
        awaitRoundOf("reply-poll");
        await("no reply job in flight").atMost(LIMIT).until(() -> !replyInFlight());
        // after the replies: their sends are due by now
        awaitSendsSettled();
    }

    /** A claimed send not finished yet, or a nudged send worker between its claim and its lease. */
    public boolean sendInFlight() {
        // held() lists the leased message ids, null for none
        return sendLeases.held() != null || camel.getInflightRepository().size("send-nudge") > 0;
    }

    /** A reply job being worked on, or a nudged (or woken) reply worker between its claim and holding it. */
    public boolean replyInFlight() {
        return !replyClaims.tokens().isEmpty() || camel.getInflightRepository().size("reply-nudge") > 0;
    }

    private void awaitRoundOf(String pollRoute) {
        NotifyBuilder rounds = new NotifyBuilder(camel).fromRoute(pollRoute).whenDone(2).create();
        try {
            if (!rounds.matches(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(pollRoute + " did not run a whole round within " + LIMIT);
            }
        } finally {
            rounds.destroy();
        }
    }
}
