package io.wagateway.outbound;

import java.util.Locale;

/**
 * What goes out when a message is due outside the 24-hour window and the provider has a fallback template
 * ({@code WINDOW_FALLBACK}).
 */
public enum WindowFallback {

    /**
     * The template invites the user back, once per closed window, its variable filled from the conversation; the
     * wanted messages wait as {@code queued} and go out, oldest first, when the user answers.
     */
    REENGAGE,

    /**
     * The wanted text is the template's variable ({@link TemplateText}); a text the template cannot carry whole
     * takes the {@link #REENGAGE} path instead of being cut.
     */
    TEXT;

    public static WindowFallback of(String setting) {
        if (setting == null || setting.isBlank()) {
            return REENGAGE;
        }
        try {
            return valueOf(setting.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WINDOW_FALLBACK must be reengage or text, got '" + setting + "'", e);
        }
    }
}
