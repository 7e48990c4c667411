package io.wagateway.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of the application (the root logger) while it is open, with its MDC as it was
 * on the logging thread. Thread-safe: the workers log from their own threads.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new ArrayList<>();

    private LogCapture() {
    }

    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        capture.setName("test-log-capture");
        capture.start();
        root().addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        // the MDC, the message and the thread are read now, on the logging thread
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    /** What was logged so far. */
    public synchronized List<ILoggingEvent> events() {
        return new ArrayList<>(events);
    }

    /** What was logged at INFO or above. */
    public List<ILoggingEvent> infoAndAbove() {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).toList();
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
