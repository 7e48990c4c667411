package io.wagateway.api;

/** The body of {@code POST /api/conversations/{id}/messages} (schema {@code OutboundMessage}). */
public record OutboundMessage(String text, String author) {
}
