package io.wagateway.assistant;

/** The reason kept for a reply job that failed outside the model call (bad data, SQL errors): its root cause. */
public final class ReplyJobFailure {

    private ReplyJobFailure() {
    }

    public static String describe(Throwable failure) {
        Throwable root = AiFailure.rootOf(failure);
        return AiFailure.shorten(root.getClass().getSimpleName() + ": " + root.getMessage());
    }
}
