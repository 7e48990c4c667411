package io.wagateway.api;

import io.wagateway.http.RefusedRequest;

/**
 * A REST API request the gateway refuses: {@code 400} invalid input, {@code 404} unknown id, {@code 409} a
 * state that forbids it.
 */
public class ApiException extends RefusedRequest {

    public ApiException(int status, String error, String detail) {
        super(status, error, detail);
    }

    /** {@code 400}, naming the parameter. */
    public static ApiException invalidParameter(String parameter, String detail) {
        return new ApiException(400, "invalid parameter " + parameter, detail);
    }

    /** {@code 400}: a field of the JSON body, named. */
    public static ApiException invalidField(String field, String detail) {
        return new ApiException(400, "invalid field " + field, detail);
    }

    /** {@code 400}: the body is not the JSON it must be. */
    public static ApiException invalidJson(String detail) {
        return new ApiException(400, "invalid JSON", detail);
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(404, what + " not found", "no " + what + " with id " + id);
    }
}
