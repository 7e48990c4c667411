package io.wagateway.outbound;

import io.wagateway.sql.SqlRows;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;

/**
 * A pending message as {@code kommo_messages/claim-outgoing.sql} returns it once claimed, with what its
 * conversation says about the recipient and the 24-hour window: the exchange variable {@link SendVariables#OUTGOING}
 * of the send routes, and their body while it is sent.
 *
 * @param provider      as in {@code kommo_messages.provider}: which sender sends it
 * @param sendAttempts  the claims of the message so far, this one included
 * @param phone         the recipient's phone, {@code null} for a WhatsApp user known only by the BSUID
 * @param userId        the recipient's BSUID, if known
 * @param kommoChatId   the Kommo chat ({@code conversation_ref_id}) of a Kommo conversation
 * @param optedOut      the user opted out of templates and proactive messages
 * @param invitation    the template variable of an invitation of the reengage mode ({@code record-queued.sql}),
 *                      {@code null} for any other message
 * @param correlationId the user message it answers ({@code metadata.inReplyTo}), else its own id
 * @param windowClosed  free-form text may not go out: the window is closed, or the provider refused the message
 *                      because it had closed
 * @param moreDue       another pending message was due as well: the worker claims again
 * @param media         what it sends besides text ({@code metadata.media}), {@code null} for a text
 */
public record OutgoingMessage(UUID messageId, UUID conversationId, String provider, String content, int sendAttempts,
                              String phone, String userId, String kommoChatId, String contactName, boolean optedOut,
                              String invitation, String correlationId, boolean windowClosed, boolean moreDue,
                              OutgoingMedia media) {

    /** The row claim-outgoing.sql returned, read by its column names; {@code null} when it claimed nothing. */
    public static OutgoingMessage from(Map<?, ?> row) {
        if (row == null) {
            return null;
        }
        return new OutgoingMessage((UUID) column(row, "messageId"), (UUID) column(row, "conversationId"),
                (String) column(row, "provider"), (String) column(row, "content"),
                (Integer) column(row, "sendAttempts"), (String) column(row, "phone"), (String) column(row, "userId"),
                (String) column(row, "kommoChatId"), (String) column(row, "contactName"), isTrue(row, "optedOut"),
                (String) column(row, "invitation"), (String) column(row, "correlationId"),
                isTrue(row, "windowClosed"), isTrue(row, "moreDue"), media(row));
    }

    /** The media columns of the claim, {@code null} when the message has none. */
    private static OutgoingMedia media(Map<?, ?> row) {
        String mediaId = (String) column(row, "mediaId");
        String url = (String) column(row, "mediaUrl");
        if (mediaId == null && url == null) {
            return null;
        }
        Number size = (Number) column(row, "mediaSize");
        return new OutgoingMedia(mediaId == null ? null : UUID.fromString(mediaId), url,
                (String) column(row, "mediaContentType"), (String) column(row, "mediaFilename"),
                (String) column(row, "mediaCaption"), (String) column(row, "mediaSha256"),
                size == null ? null : size.longValue());
    }

    /** The claimed message of a send exchange. */
    public static OutgoingMessage of(Exchange exchange) {
        return exchange.getVariable(SendVariables.OUTGOING, OutgoingMessage.class);
    }

    /** A condition the database could not decide ({@code NULL}) does not hold. */
    private static boolean isTrue(Map<?, ?> row, String name) {
        return Boolean.TRUE.equals(column(row, name));
    }

    private static Object column(Map<?, ?> row, String name) {
        return SqlRows.column(row, name, "The claimed outgoing message");
    }
}
