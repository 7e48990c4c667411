package io.wagateway.worker;

/**
 * In-process nudges that wake the workers right after a commit, so work starts within milliseconds
 * without busy polling. Fire and forget, and at most one waiting: the worker that takes a waiting nudge
 * claims until nothing is left, which includes whatever was committed before it took it, so a second
 * waiting nudge would only cost an empty claim. A claim says whether more was due ({@code moreDue}): then the
 * worker nudges the next one, so a backlog spreads over the concurrent consumers, and claims again itself;
 * else it stops without a claim that would find nothing.
 */
public final class Nudge {

    /** Every endpoint of a seda queue must give the same size: the consumers' URIs use this one. */
    public static final int QUEUE_SIZE = 1;
    private static final String OPTIONS = "?size=" + QUEUE_SIZE
            + "&waitForTaskToComplete=Never&blockWhenFull=false&discardWhenFull=true";

    /** Wakes the reply workers ({@code reply-nudge}). */
    public static final String REPLY = "seda:reply-nudge" + OPTIONS;
    /** Wakes the send workers ({@code send-nudge}). */
    public static final String SEND = "seda:send-nudge" + OPTIONS;
    /** Wakes the media download workers ({@code media-nudge}). */
    public static final String MEDIA = "seda:media-nudge" + OPTIONS;

    private Nudge() {
    }
}
