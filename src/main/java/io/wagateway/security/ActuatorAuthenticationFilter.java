package io.wagateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.http.HttpErrors;
import io.wagateway.http.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic on the operators' endpoints ({@code /actuator/**}: Hawtio, Jolokia, Prometheus...), user
 * {@code admin}, password {@code API_TOKEN}. Only {@code /actuator/health} stays open, for load balancers
 * and container health checks.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class ActuatorAuthenticationFilter extends OncePerRequestFilter {

    static final String USER = "admin";
    private static final String PREFIX = "/actuator";
    private static final String HEALTH = "/actuator/health";
    private static final String SCHEME = "basic ";
    private static final String CHALLENGE = "Basic realm=\"wa-gateway operations\", charset=\"UTF-8\"";

    private final ApiToken token;
    private final ObjectMapper json;

    public ActuatorAuthenticationFilter(ApiToken token, ObjectMapper json) {
        this.token = token;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.isUnder(request, PREFIX) || RequestPaths.isUnder(request, HEALTH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (authenticated(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
        } else {
            HttpErrors.unauthorized(response, json, CHALLENGE,
                    "operations endpoints need HTTP Basic: user admin, password API_TOKEN");
        }
    }

    private boolean authenticated(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user = MessageDigest.isEqual(USER.getBytes(StandardCharsets.UTF_8),
                credentials.substring(0, colon).getBytes(StandardCharsets.UTF_8));
        boolean password = token.matches(credentials.substring(colon + 1));
        return user & password;
    }
}
