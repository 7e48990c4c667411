package io.wagateway.canonical;

/**
 * Text checks every provider, the API and the SQL parameters share: blank is null, empty or only whitespace
 * ({@link Character#isWhitespace}), as {@link String#isBlank} and Spring's {@code StringUtils.hasText} see it; and
 * the NUL character PostgreSQL cannot store.
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

    /** PostgreSQL stores no U+0000 in text or jsonb: a NUL that arrives is dropped rather than failing the commit. */
    public static String withoutNul(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", "");
    }

    /** Null for a blank value, else the value without leading and trailing spaces and control characters. */
    public static String trimToNull(String value) {
        return isBlank(value) ? null : value.trim();
    }
}
