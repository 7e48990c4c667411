package io.wagateway.webhook;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses an {@code application/x-www-form-urlencoded} body from its raw bytes. Strict on purpose: a
 * malformed percent escape or invalid UTF-8 is a {@code 400}, not a guess, because the same map is
 * what the provider's signature is checked against.
 */
public final class FormBody {

    private FormBody() {
    }

    /** The fields in arrival order; a repeated name keeps its first value. */
    public static Map<String, String> parse(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return Collections.unmodifiableMap(fields);
        }
        String raw = new String(body, StandardCharsets.US_ASCII);
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return Collections.unmodifiableMap(fields);
    }

    private static String decode(String encoded) {
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw malformed("truncated percent escape");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw malformed("invalid percent escape '" + encoded.substring(i, i + 3) + "'");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c > 0x7f) {
                throw malformed("unencoded non-ASCII byte");
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw malformed("invalid UTF-8");
        }
    }

    private static WebhookException malformed(String detail) {
        return WebhookException.badRequest("malformed form body", detail);
    }
}
