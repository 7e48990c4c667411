package io.wagateway.webhook;

import io.wagateway.http.RefusedRequest;

/**
 * A webhook request the gateway refuses, with the HTTP status and the JSON error it answers
 * ({@code {"error": "...", "detail": "..."}}). Thrown before anything is stored.
 */
public class WebhookException extends RefusedRequest {

    public WebhookException(int status, String error, String detail) {
        super(status, error, detail);
    }

    public static WebhookException badRequest(String error, String detail) {
        return new WebhookException(400, error, detail);
    }

    public static WebhookException forbidden(String detail) {
        return new WebhookException(403, "invalid signature", detail);
    }
}
