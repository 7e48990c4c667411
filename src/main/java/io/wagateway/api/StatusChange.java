package io.wagateway.api;

/** The body of {@code PATCH /api/conversations/{id}} (schema {@code StatusChange} of the OpenAPI document). */
public record StatusChange(String status) {
}
