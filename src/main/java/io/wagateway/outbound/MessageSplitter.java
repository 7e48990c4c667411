package io.wagateway.outbound;

import io.wagateway.canonical.Provider;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Splits a reply that is longer than the provider's limit into several messages, at paragraph, line or
 * word boundaries where it can (Twilio WhatsApp: 1,600 characters; Meta: 4,096).
 */
@Component("messageSplitter")
public class MessageSplitter {

    public static int limitOf(Provider provider) {
        return provider == Provider.TWILIO ? 1600 : 4096;
    }

    public List<String> split(String text, String provider) {
        return split(text, limitOf(Provider.fromId(provider)));
    }

    public static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > limit) {
            int cut = cutPoint(rest, limit);
            parts.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty() || parts.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    private static int cutPoint(String text, int limit) {
        for (String boundary : new String[] {"\n\n", "\n", " "}) {
            int at = text.lastIndexOf(boundary, limit - boundary.length());
            if (at > limit / 2) {
                return at + boundary.length();
            }
        }
        // no boundary in the second half: cut hard, but never between the two halves of a surrogate pair
        return Character.isLowSurrogate(text.charAt(limit)) ? limit - 1 : limit;
    }
}
