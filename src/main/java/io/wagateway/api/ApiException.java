package io.wagateway.api;

import io.wagateway.http.RefusedRequest;

/** A REST API request the gateway refuses: {@code 400} invalid input, {@code 404} unknown id. */
public class ApiException extends RefusedRequest {

    public ApiException(int status, String error, String detail) {
        super(status, error, detail);
    }

    /** {@code 400}, naming the parameter. */
    public static ApiException invalidParameter(String parameter, String detail) {
        return new ApiException(400, "invalid parameter " + parameter, detail);
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(404, what + " not found", "no " + what + " with id " + id);
    }
}
