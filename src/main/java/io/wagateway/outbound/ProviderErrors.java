package io.wagateway.outbound;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.camel.util.ObjectHelper;

/**
 * What a failed call to one provider means. Each provider says only what its own errors mean
 * ({@link #meaningOf}: its error answers, its SDK's exceptions); {@link #judge} adds what holds for every
 * provider: media that cannot be sent is final ({@link MediaUnavailableException}), an answer that could not be read
 * is final (the message may have gone out), no answer at all (an
 * I/O failure: the network, a timeout) is worth another try, and anything else is a final {@code send_error}.
 */
public interface ProviderErrors {

    /**
     * What the provider's own error among the failure's causes means, or {@code null} when there is none. Find
     * it with {@link ObjectHelper#getException}, which walks the causes.
     */
    SendFailure meaningOf(Throwable failure);

    /** The meaning of a failed call, recorded by {@link Delivery#record(org.apache.camel.Exchange, SendFailure)}. */
    default SendFailure judge(Throwable failure) {
        if (ObjectHelper.getException(MediaUnavailableException.class, failure) != null) {
            return SendFailure.refused(MediaUnavailableException.CODE, failure);
        }
        if (ObjectHelper.getException(JacksonException.class, failure) != null) {
            return SendFailure.refused("unreadable_response", failure);
        }
        IOException noAnswer = ObjectHelper.getException(IOException.class, failure);
        if (noAnswer != null) {
            return SendFailure.noAnswer(noAnswer instanceof InterruptedIOException ? "timeout" : "network_error",
                    failure);
        }
        SendFailure meaning = meaningOf(failure);
        return meaning != null ? meaning : SendFailure.refused("send_error", failure);
    }
}
