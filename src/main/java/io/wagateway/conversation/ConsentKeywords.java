package io.wagateway.conversation;

import static io.wagateway.canonical.Text.isBlank;

import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.Provider;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A WhatsApp user's message that is exactly one of {@code OPT_OUT_KEYWORDS} (STOP...) or {@code OPT_IN_KEYWORDS}
 * (START), ignoring case and surrounding spaces: the user opts out of templates and proactive messages, or back
 * in. Only for Twilio and Meta (Kommo's channels keep their own rules). The confirmations are what the user gets
 * back, once, as text: the user just wrote, so the window is open.
 */
@Component
public class ConsentKeywords {

    public static final String OPT_OUT = "opt_out";
    public static final String OPT_IN = "opt_in";
    static final String DEFAULT_OPT_OUT_CONFIRMATION =
            "You will not get messages from us any more. Send START to get them again.";
    static final String DEFAULT_OPT_IN_CONFIRMATION = "You will get our messages again. Send STOP to stop them.";

    private final Set<String> optOut;
    private final Set<String> optIn;
    private final String optOutConfirmation;
    private final String optInConfirmation;

    public ConsentKeywords(@Value("${gateway.consent.opt-out-keywords}") String optOut,
                           @Value("${gateway.consent.opt-in-keywords}") String optIn,
                           @Value("${gateway.consent.opt-out-confirmation:}") String optOutConfirmation,
                           @Value("${gateway.consent.opt-in-confirmation:}") String optInConfirmation) {
        this.optOut = words(optOut);
        this.optIn = words(optIn);
        this.optOutConfirmation = isBlank(optOutConfirmation) ? DEFAULT_OPT_OUT_CONFIRMATION
                : optOutConfirmation.strip();
        this.optInConfirmation = isBlank(optInConfirmation) ? DEFAULT_OPT_IN_CONFIRMATION : optInConfirmation.strip();
    }

    /** {@link #OPT_OUT}, {@link #OPT_IN} or {@code null} for an ordinary message. */
    public String of(CanonicalMessage message) {
        if (message.provider() == Provider.KOMMO) {
            return null;
        }
        String text = message.text().strip().toLowerCase(Locale.ROOT);
        return optOut.contains(text) ? OPT_OUT : optIn.contains(text) ? OPT_IN : null;
    }

    public String confirmation(String consent) {
        return OPT_OUT.equals(consent) ? optOutConfirmation : optInConfirmation;
    }

    private static Set<String> words(String list) {
        return Arrays.stream(list.split(",")).map(word -> word.strip().toLowerCase(Locale.ROOT))
                .filter(word -> !word.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
