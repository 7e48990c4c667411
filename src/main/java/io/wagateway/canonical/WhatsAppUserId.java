package io.wagateway.canonical;

import java.util.regex.Pattern;

/**
 * A WhatsApp business-scoped user id (BSUID), e.g. {@code BR.1582043977165209}: the ISO country code, a period,
 * optionally {@code ENT.} (a parent BSUID shared by the portfolios of a managed business), then 1 to 128 letters
 * or digits. It identifies a user to one business portfolio, with or without their phone; it is stored and sent
 * byte for byte, never turned into a phone.
 */
public final class WhatsAppUserId {

    public static final String SHAPE = "two letters, a period, optionally ENT., then 1 to 128 letters or digits "
            + "(e.g. BR.1582043977165209)";
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,128}");

    private WhatsAppUserId() {
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }
}
