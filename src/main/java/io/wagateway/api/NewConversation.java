package io.wagateway.api;

/** The body of {@code POST /api/messages}, a conversation started by the business (schema {@code NewConversation}). */
public record NewConversation(String provider, String phone, String userId, String text, String contactName,
                              String author) {
}
