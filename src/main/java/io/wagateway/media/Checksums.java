package io.wagateway.media;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A SHA-256 as a provider writes it (Meta: base64; others: hex), in the store's lower-case hex; null if neither. */
final class Checksums {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private Checksums() {
    }

    static String hexOf(String announced) {
        if (announced == null || announced.isBlank()) {
            return null;
        }
        String text = announced.trim();
        if (HEX.matcher(text).matches()) {
            return text.toLowerCase(Locale.ROOT);
        }
        try {
            byte[] digest = Base64.getDecoder().decode(text);
            return digest.length == 32 ? HexFormat.of().formatHex(digest) : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
