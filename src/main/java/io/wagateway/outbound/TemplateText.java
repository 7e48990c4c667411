package io.wagateway.outbound;

import java.util.regex.Pattern;

/**
 * A text as a WhatsApp template variable may carry it: Meta refuses a template parameter with a new line, a tab
 * or more than four spaces in a row, and both providers bound its length (the template body, variable included,
 * is at most 1,024 characters; Twilio answers 63021 for content too long). Line breaks and tabs become one space,
 * longer runs of spaces one space; nothing is cut: a text still too long cannot be carried ({@code null}).
 */
public final class TemplateText {

    /** Line breaks, tabs and the other separators WhatsApp would show as a break. */
    private static final Pattern BREAKS = Pattern.compile("[ ]*[\\r\\n\\t\\u000B\\f\\u0085\\u2028\\u2029]+[\\s]*");
    private static final Pattern FIVE_OR_MORE_SPACES = Pattern.compile(" {5,}");

    private TemplateText() {
    }

    /** The text normalized for a template variable, or {@code null} when it is blank or longer than {@code max}. */
    public static String of(String text, int max) {
        if (text == null) {
            return null;
        }
        String normalized = FIVE_OR_MORE_SPACES.matcher(BREAKS.matcher(text.strip()).replaceAll(" ")).replaceAll(" ");
        return normalized.isBlank() || normalized.length() > max ? null : normalized;
    }
}
