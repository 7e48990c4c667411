package io.wagateway.outbound;

import static io.wagateway.outbound.SendVariables.INVITATION_CONTENT;
import static io.wagateway.outbound.SendVariables.INVITATION_METADATA;

import io.wagateway.canonical.WhatsAppUserId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * How a claimed message goes out, given the 24-hour window (decided by the database, see
 * {@code db/V4__whatsapp_window.sql}) and {@code WINDOW_FALLBACK} ({@link WindowFallback}): as free-form text
 * inside it; outside it, with the provider's fallback template configured, either queued while one template
 * invites the user back ({@code reengage}) or as the template carrying the text ({@code text}); without a
 * template, or to a user who opted out of templates, queued until the user writes again. An invitation the
 * window reopened for is not sent any more ({@link #EXPIRE}).
 */
@Component("outboundWindow")
public class OutboundWindow {

    public static final String TEXT = "text";
    public static final String TEMPLATE = "template";
    public static final String QUEUE = "queue";
    public static final String EXPIRE = "expire";
    /** What Twilio (63016) and Meta (131047, formerly 470) answer when free-form text is refused. */
    private static final Set<String> WINDOW_ERRORS = Set.of("63016", "131047", "470");
    private static final String UNKNOWN_NAME = "there";

    private final String twilioContentSid;
    private final String metaTemplate;
    private final WindowFallback fallback;
    private final String reengageText;
    private final int templateMaxChars;

    public OutboundWindow(@Value("${gateway.twilio.fallback-content-sid:}") String twilioContentSid,
                          @Value("${gateway.meta.fallback-template:}") String metaTemplate,
                          @Value("${gateway.window.fallback:reengage}") String fallback,
                          @Value("${gateway.window.reengage-text:}") String reengageText,
                          @Value("${gateway.window.template-max-chars:900}") int templateMaxChars) {
        if (templateMaxChars < 1) {
            throw new IllegalArgumentException("WINDOW_TEMPLATE_MAX_CHARS must be at least 1, got " + templateMaxChars);
        }
        this.twilioContentSid = StringUtils.hasText(twilioContentSid) ? twilioContentSid.strip() : null;
        this.metaTemplate = StringUtils.hasText(metaTemplate) ? metaTemplate.strip() : null;
        this.fallback = WindowFallback.of(fallback);
        this.reengageText = StringUtils.hasText(reengageText) ? reengageText.strip() : null;
        this.templateMaxChars = templateMaxChars;
    }

    /** How the message goes out, and what the template's variable {@code {{1}}} is when it goes out as one. */
    public record Decision(String sendAs, String templateText, boolean reengage) {

        static Decision of(String sendAs) {
            return new Decision(sendAs, null, false);
        }
    }

    /** The decision for a claimed message. */
    public Decision decide(OutgoingMessage outgoing) {
        boolean windowClosed = outgoing.windowClosed();
        boolean optedOut = outgoing.optedOut();
        if (outgoing.invitation() != null) {
            return windowClosed && !optedOut ? new Decision(TEMPLATE, outgoing.invitation(), false)
                    : Decision.of(EXPIRE);
        }
        if (!windowClosed) {
            return Decision.of(TEXT);
        }
        if (!hasTemplate(outgoing.provider()) || optedOut) {
            return Decision.of(QUEUE);
        }
        // a template carries text, never media: media waits for the window
        if (fallback == WindowFallback.TEXT && outgoing.media() == null) {
            String carried = TemplateText.of(outgoing.content(), templateMaxChars);
            if (carried != null) {
                return new Decision(TEMPLATE, carried, false);
            }
        }
        return new Decision(QUEUE, null, true);
    }

    public boolean hasTemplate(String provider) {
        return templateOf(provider) != null;
    }

    public WindowFallback fallback() {
        return fallback;
    }

    /** Whether a text goes out whole as the template's variable in the {@code text} mode. */
    public boolean templateCarries(String text) {
        return TemplateText.of(text, templateMaxChars) != null;
    }

    /**
     * The parameters of the invitation {@code record-queued.sql} leaves for a conversation: the variable is
     * {@code WINDOW_REENGAGE_TEXT}, else the contact's name, else "there".
     */
    public Map<String, Object> invitation(String provider, String contactName) {
        String variable = reengageText != null ? reengageText : nameOrNull(contactName);
        variable = variable == null ? UNKNOWN_NAME : variable;
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("provider", provider);
        template.put("meta".equals(provider) ? "name" : "contentSid", templateOf(provider));
        template.put("variables", Map.of("1", variable));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("author", "system");
        metadata.put("reengagement", true);
        metadata.put("template", template);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(INVITATION_CONTENT, "[template " + templateOf(provider) + " inviting the user back]");
        parameters.put(INVITATION_METADATA, metadata);
        return parameters;
    }

    /** Whether a failed delivery was refused only because the window had closed. */
    public boolean isWindowError(Object errorCode) {
        return errorCode != null && WINDOW_ERRORS.contains(String.valueOf(errorCode));
    }

    private String templateOf(String provider) {
        return switch (provider) {
            case "twilio" -> twilioContentSid;
            case "meta" -> metaTemplate;
            default -> null;
        };
    }

    /** A name fit for the template: not a phone or a BSUID standing in for one, and carried whole. */
    private String nameOrNull(String contactName) {
        if (contactName == null || contactName.startsWith("+") || WhatsAppUserId.isValid(contactName)) {
            return null;
        }
        return TemplateText.of(contactName, 60);
    }
}
