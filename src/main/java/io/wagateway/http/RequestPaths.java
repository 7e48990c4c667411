package io.wagateway.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * Which part of the application a request is for, judged on the decoded, normalized path the routes are
 * matched on and ignoring case, so that {@code /%61pi/...} or {@code /API/...} are no way around a filter.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** Whether the request's path is {@code prefix} itself or below it (prefix in lower case, no trailing /). */
    public static boolean isUnder(HttpServletRequest request, String prefix) {
        String path = normalized(request);
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** Whether the request's path is exactly {@code path} (in lower case, no trailing /). */
    public static boolean is(HttpServletRequest request, String path) {
        return normalized(request).equals(path);
    }

    private static String normalized(HttpServletRequest request) {
        return (request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()))
                .toLowerCase(Locale.ROOT);
    }
}
