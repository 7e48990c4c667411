package io.wagateway.worker;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The HTTP {@code Retry-After} header (RFC 9110, 10.2.3): a number of seconds, or an HTTP-date
 * ({@code Wed, 21 Oct 2026 07:28:00 GMT}) after which to try again.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait it asks for from {@code now} (zero for a date already past); {@code null} when absent or unreadable. */
    public static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
