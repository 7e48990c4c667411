package io.wagateway.api;

import io.wagateway.outbound.OutboundWindow;
import io.wagateway.outbound.WindowFallback;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Adds to the conversations the API answers {@code outsideWindow}: what a message written to it becomes while its
 * 24-hour window is closed, so that the console can say so before it is sent: {@code template} (it goes out as the
 * fallback template's variable, {@code WINDOW_FALLBACK=text}), {@code invitation} (it waits as queued and one
 * template invites the user back, {@code reengage}), {@code queued} (it waits for the user: no template
 * configured), {@code null} where no window applies (Kommo). What {@code kommo_messages/insert-outbound.sql} and
 * {@code OutboundWindow} decide at the time, said beforehand.
 */
@Component("conversationOutsideWindow")
public class ConversationOutsideWindow {

    public static final String FIELD = "outsideWindow";

    private final OutboundWindow window;

    public ConversationOutsideWindow(OutboundWindow window) {
        this.window = window;
    }

    /** One conversation row, or a list of them; {@code null} (none) is left alone. */
    @SuppressWarnings("unchecked")
    public void add(Object rows) {
        if (rows instanceof List<?> list) {
            list.forEach(this::add);
        } else if (rows instanceof Map<?, ?> row) {
            ((Map<String, Object>) row).put(FIELD, of(row.get("provider"), row.get("windowApplies")));
        }
    }

    private String of(Object provider, Object windowApplies) {
        if (!Boolean.TRUE.equals(windowApplies) || provider == null) {
            return null;
        }
        if (!window.hasTemplate(provider.toString())) {
            return "queued";
        }
        return window.fallback() == WindowFallback.TEXT ? "template" : "invitation";
    }
}
