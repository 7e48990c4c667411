package io.wagateway.webhook;

/**
 * A webhook request the gateway refuses, with the HTTP status and the JSON error it answers
 * ({@code {"error": "...", "detail": "..."}}). Thrown before anything is stored.
 */
public class WebhookException extends RuntimeException {

    private final int status;
    private final String error;
    private final String detail;

    public WebhookException(int status, String error, String detail) {
        super(error + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    public static WebhookException badRequest(String error, String detail) {
        return new WebhookException(400, error, detail);
    }

    public static WebhookException forbidden(String detail) {
        return new WebhookException(403, "invalid signature", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }
}
