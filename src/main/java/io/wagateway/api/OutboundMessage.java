package io.wagateway.api;

/**
 * The body of {@code POST /api/conversations/{id}/messages} (schema {@code OutboundMessage}): text, media or both.
 *
 * @param media    the id of a stored media item, or an https URL
 * @param caption  shown with the media (else the text is)
 * @param filename the document's file name
 */
public record OutboundMessage(String text, String author, String media, String caption, String filename) {
}
