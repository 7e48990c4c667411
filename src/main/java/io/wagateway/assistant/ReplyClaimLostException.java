package io.wagateway.assistant;

/**
 * The reply job is no longer this worker's: its lease ran out (a long pause) and another worker claimed it.
 * Thrown by the fencing check inside a transaction, which then rolls back and stores nothing.
 */
public class ReplyClaimLostException extends RuntimeException {

    public ReplyClaimLostException(String message) {
        super(message);
    }
}
