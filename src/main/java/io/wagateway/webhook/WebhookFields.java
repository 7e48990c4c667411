package io.wagateway.webhook;

/**
 * Checks the providers' normalizers share for values that reach a database index, a log line or an error
 * answer. A value no provider would send is refused with {@code 400} rather than failing later with a 5xx.
 */
public final class WebhookFields {

    /** Far longer than any id a provider issues, far shorter than what fits in a PostgreSQL index entry. */
    public static final int MAX_IDENTIFIER_LENGTH = 256;
    private static final int MAX_QUOTED_LENGTH = 64;

    private WebhookFields() {
    }

    /**
     * An identifier the database indexes (a provider's message id, a Kommo chat id, a phone): at most
     * {@value #MAX_IDENTIFIER_LENGTH} characters and no control characters, which would also forge log lines.
     */
    public static String identifier(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_IDENTIFIER_LENGTH) {
            throw WebhookException.badRequest("invalid field " + field,
                    "longer than " + MAX_IDENTIFIER_LENGTH + " characters (" + value.length() + ")");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw WebhookException.badRequest("invalid field " + field, "contains control characters: " + quote(value));
        }
        return value;
    }

    /** A received value as an error detail shows it: control characters escaped, cut after 64 characters. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("'");
        value.codePoints().limit(MAX_QUOTED_LENGTH).forEach(c -> {
            if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        quoted.append('\'');
        if (value.codePointCount(0, value.length()) > MAX_QUOTED_LENGTH) {
            quoted.append("… (").append(value.length()).append(" characters)");
        }
        return quoted.toString();
    }
}
