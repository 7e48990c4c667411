package io.wagateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.http.HttpErrors;
import io.wagateway.http.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer $API_TOKEN} on every {@code /api/**} request, before any route runs: without
 * it, or with another token, the answer is {@code 401 {"error": "unauthorized", ...}} with
 * {@code WWW-Authenticate: Bearer}, whether or not the path exists. The path is the decoded, normalized
 * one the routes are matched on, so {@code /%61pi/...} or {@code /./api/...} are not a way around.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class ApiAuthenticationFilter extends OncePerRequestFilter {

    public static final String PREFIX = "/api";
    private static final String SCHEME = "bearer ";

    private final ApiToken token;
    private final ObjectMapper json;

    public ApiAuthenticationFilter(ApiToken token, ObjectMapper json) {
        this.token = token;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.isUnder(request, PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) {
            refuse(response, "Bearer realm=\"wa-gateway\"",
                    "missing bearer token: send Authorization: Bearer <API_TOKEN>");
        } else if (authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)
                || !token.matches(authorization.substring(SCHEME.length()).strip())) {
            refuse(response, "Bearer realm=\"wa-gateway\", error=\"invalid_token\"", "invalid bearer token");
        } else {
            chain.doFilter(request, response);
        }
    }

    private void refuse(HttpServletResponse response, String challenge, String detail) throws IOException {
        HttpErrors.unauthorized(response, json, challenge, detail);
    }
}
