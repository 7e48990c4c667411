package io.wagateway.outbound;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Rows as {@code claim-outgoing.sql} returns them, for tests of the steps that read the claimed message. */
public final class ClaimedRows {

    private ClaimedRows() {
    }

    /** A text to a phone inside the window, on its first attempt; change what a test is about. */
    public static Map<String, Object> row(String provider) {
        Map<String, Object> row = new HashMap<>();
        row.put("messageId", UUID.randomUUID());
        row.put("conversationId", UUID.randomUUID());
        row.put("provider", provider);
        row.put("content", "Hello!");
        row.put("sendAttempts", 1);
        row.put("phone", "+16505551234");
        row.put("userId", null);
        row.put("kommoChatId", null);
        row.put("contactName", null);
        row.put("optedOut", false);
        row.put("invitation", null);
        row.put("correlationId", "SM1");
        row.put("windowClosed", false);
        row.put("moreDue", false);
        for (String media : new String[] {"mediaId", "mediaUrl", "mediaContentType", "mediaFilename", "mediaCaption",
                "mediaSha256", "mediaSize"}) {
            row.put(media, null);
        }
        return row;
    }

    public static OutgoingMessage message(String provider) {
        return OutgoingMessage.from(row(provider));
    }
}
