package io.wagateway.canonical;

/**
 * Blank checks the normalizers of every provider share: blank is null, empty or only whitespace
 * ({@link Character#isWhitespace}), as {@link String#isBlank} and Spring's {@code StringUtils.hasText} see it.
 */
public final class Text {

    private Text() {
    }

    public static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Null for a blank value, else the value as it is. */
    public static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    /** Null for a blank value, else the value without leading and trailing spaces and control characters. */
    public static String trimToNull(String value) {
        return isBlank(value) ? null : value.trim();
    }
}
