package io.wagateway.outbound;

import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * How a claimed message goes out, given the 24-hour window (decided by the database, see
 * {@code db/V4__whatsapp_window.sql}): as free-form text inside it, as the provider's approved fallback
 * template outside it, or held as {@code queued} until the user writes again when no template is set.
 */
@Component("outboundWindow")
public class OutboundWindow {

    public static final String TEXT = "text";
    public static final String TEMPLATE = "template";
    public static final String QUEUE = "queue";
    /** What Twilio (63016) and Meta (131047, formerly 470) answer when free-form text is refused. */
    private static final Set<String> WINDOW_ERRORS = Set.of("63016", "131047", "470");

    private final boolean twilioTemplate;
    private final boolean metaTemplate;

    public OutboundWindow(@Value("${gateway.twilio.fallback-content-sid:}") String twilioContentSid,
                          @Value("${gateway.meta.fallback-template:}") String metaTemplate) {
        this.twilioTemplate = StringUtils.hasText(twilioContentSid);
        this.metaTemplate = StringUtils.hasText(metaTemplate);
    }

    /** {@link #TEXT}, {@link #TEMPLATE} or {@link #QUEUE} for a row of {@code claim-outgoing.sql}. */
    public String decide(Map<String, Object> outgoing) {
        if (!Boolean.TRUE.equals(outgoing.get("windowClosed"))) {
            return TEXT;
        }
        return hasTemplate(String.valueOf(outgoing.get("provider"))) ? TEMPLATE : QUEUE;
    }

    public boolean hasTemplate(String provider) {
        return switch (provider) {
            case "twilio" -> twilioTemplate;
            case "meta" -> metaTemplate;
            default -> false;
        };
    }

    /** Whether a failed delivery was refused only because the window had closed. */
    public boolean isWindowError(Object errorCode) {
        return errorCode != null && WINDOW_ERRORS.contains(String.valueOf(errorCode));
    }
}
