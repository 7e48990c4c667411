package io.wagateway.media;

import static io.wagateway.sql.SqlRows.column;

import java.util.Map;

/**
 * A claimed download (media/claim-download.sql): where the file comes from, as the webhook described it.
 *
 * @param origin       the provider holding the file: {@code twilio}, {@code meta} or {@code kommo}
 * @param sourceUrl    Twilio's MediaUrl, Kommo's file link, Meta's url when the webhook carried one
 * @param sourceId     Meta's media id
 * @param sourceSha256 the checksum the provider announced (Meta: base64), checked after the download
 * @param contentType  the type the webhook announced, null when none
 */
public record MediaItem(String mediaId, String origin, String sourceUrl, String sourceId, String sourceSha256,
                        String contentType, int attempts, String correlationId, boolean moreDue) {

    private static final String SUBJECT = "The claimed download";

    static MediaItem from(Map<?, ?> row) {
        if (row == null) {
            return null;
        }
        return new MediaItem(String.valueOf(column(row, "mediaId", SUBJECT)), text(row, "origin"),
                text(row, "sourceUrl"), text(row, "sourceId"), text(row, "sourceSha256"), text(row, "contentType"),
                ((Number) column(row, "attempts", SUBJECT)).intValue(), text(row, "correlationId"),
                Boolean.TRUE.equals(column(row, "moreDue", SUBJECT)));
    }

    private static String text(Map<?, ?> row, String name) {
        return (String) column(row, name, SUBJECT);
    }
}
