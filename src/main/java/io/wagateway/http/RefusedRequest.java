package io.wagateway.http;

/**
 * A request the gateway refuses on purpose, with the HTTP status and the JSON error it answers
 * ({@code {"error": "...", "detail": "..."}}). Webhooks and the REST API throw their own subclasses;
 * {@link HttpErrors} turns every one of them into the same answer.
 */
public class RefusedRequest extends RuntimeException {

    private final int status;
    private final String error;
    private final String detail;

    public RefusedRequest(int status, String error, String detail) {
        super(error + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.error = error;
        this.detail = detail;
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
