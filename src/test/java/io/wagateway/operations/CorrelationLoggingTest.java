package io.wagateway.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.LogCapture;
import io.wagateway.support.TwilioWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The logs of one webhook and its reply: every step's line carries Twilio's MessageSid as the correlation
 * id (MDC {@code correlationId}, printed by the log pattern), and no line at INFO or above carries what
 * the user wrote, what the assistant answered, or a credential.
 */
@ExtendWith(OutputCaptureExtension.class)
class CorrelationLoggingTest extends GatewayIntegrationTest {

    private static final String SID = "SM0000000000000000000000000000c0de";
    private static final String PHONE = "+5511999990055";
    private static final String USER_TEXT = "my card is 4111 1111 1111 1111, can you check my order?";
    private static final String REPLY_TEXT = "Your order number 81723 leaves the warehouse tomorrow.";
    /** The routes whose DEBUG lines carry the texts. */
    private static final List<String> TEXT_LOGGERS = List.of("conversation-save-tx", "generate-reply");

    @Test
    void theStepsFromWebhookToSendCarryTheMessageSidAndNoLineAtInfoCarriesTextOrSecrets(CapturedOutput output) {
        FakeProviders.aiAnswers(REPLY_TEXT);
        List<ILoggingEvent> events;
        try (LogCapture logs = LogCapture.open()) {
            assertThat(postTwilio(TwilioWebhooks.text(SID, PHONE, USER_TEXT)).statusCode()).isEqualTo(200);
            // send-reply logs right after it recorded the delivery
            await().atMost(Duration.ofSeconds(20)).until(() -> logs.events().stream().anyMatch(e ->
                    e.getLoggerName().equals("send-reply") && e.getFormattedMessage().contains("accepted")));
            events = logs.events();
        }

        ILoggingEvent stored = line(events, "conversation-save-tx", "Stored twilio text message " + SID);
        ILoggingEvent answered = line(events, "generate-reply", "Assistant answered conversation");
        ILoggingEvent sent = line(events, "send-reply", "as text: accepted");
        for (ILoggingEvent step : List.of(stored, answered, sent)) {
            assertThat(step.getLevel()).as(step.getFormattedMessage()).isEqualTo(Level.INFO);
            assertThat(step.getMDCPropertyMap()).as(step.getFormattedMessage())
                    .containsEntry(Correlation.KEY, SID);
        }
        // three threads: the webhook's, the reply worker's and the send worker's (or Twilio's client)
        assertThat(stored.getThreadName()).isNotEqualTo(answered.getThreadName());

        List<String> secrets = List.of(FakeProviders.AUTH_TOKEN, API_TOKEN, "test-ai-key",
                FakeProviders.META_ACCESS_TOKEN, FakeProviders.META_APP_SECRET, FakeProviders.KOMMO_CHANNEL_SECRET,
                FakeProviders.KOMMO_WEBHOOK_SECRET, Base64.getEncoder().encodeToString(
                        (FakeProviders.ACCOUNT_SID + ":" + FakeProviders.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
        List<String> texts = List.of(USER_TEXT, "4111 1111", REPLY_TEXT, "81723");
        for (ILoggingEvent event : events) {
            if (!event.getLevel().isGreaterOrEqual(Level.INFO)) {
                continue;
            }
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String forbidden : concat(secrets, texts)) {
                assertThat(line).as("%s line of %s", event.getLevel(), event.getLoggerName())
                        .doesNotContain(forbidden);
            }
        }

        // the console pattern prints the correlation id in front of the logger
        assertThat(output.getOut()).containsPattern("\\[" + SID + "] conversation-save-tx +: Stored twilio");
        assertThat(output.getOut()).containsPattern("\\[" + SID + "] send-reply +: Message ");
    }

    @Test
    void theTextsAreLoggedAtDebugOnlyWithTheCorrelationId() {
        FakeProviders.aiAnswers(REPLY_TEXT);
        List<ILoggingEvent> events;
        try (LogCapture logs = LogCapture.open()) {
            TEXT_LOGGERS.forEach(name -> logger(name).setLevel(Level.DEBUG));
            assertThat(postTwilio(TwilioWebhooks.text(SID, PHONE, USER_TEXT)).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> logs.events().stream().anyMatch(e ->
                    e.getLoggerName().equals("send-reply") && e.getFormattedMessage().contains("accepted")));
            events = logs.events();
        } finally {
            TEXT_LOGGERS.forEach(name -> logger(name).setLevel(null));
        }

        Map<String, String> textLines = Map.of("conversation-save-tx", USER_TEXT, "generate-reply", REPLY_TEXT);
        textLines.forEach((route, text) -> {
            ILoggingEvent line = line(events, route, text);
            assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(line.getMDCPropertyMap()).containsEntry(Correlation.KEY, SID);
        });
        assertThat(events).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .noneMatch(e -> e.getFormattedMessage().contains(USER_TEXT)
                        || e.getFormattedMessage().contains(REPLY_TEXT));
    }

    private static ILoggingEvent line(List<ILoggingEvent> events, String logger, String containing) {
        return events.stream()
                .filter(e -> e.getLoggerName().equals(logger) && e.getFormattedMessage().contains(containing))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line of " + logger + " containing \"" + containing
                        + "\" among " + events.stream().map(e -> e.getLoggerName() + ": "
                        + e.getFormattedMessage()).toList()));
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
