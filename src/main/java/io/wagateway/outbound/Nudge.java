package io.wagateway.outbound;

/**
 * In-process nudges that wake the workers right after a commit, so work starts within milliseconds
 * without busy polling. Fire and forget: when the queue is full, enough nudges are already waiting.
 */
public final class Nudge {

    private static final String OPTIONS = "?size=1000&waitForTaskToComplete=Never&blockWhenFull=false&discardWhenFull=true";

    /** Wakes the reply workers ({@code reply-nudge}). */
    public static final String REPLY = "seda:reply-nudge" + OPTIONS;
    /** Wakes the send workers ({@code send-nudge}). */
    public static final String SEND = "seda:send-nudge" + OPTIONS;

    private Nudge() {
    }
}
