package io.wagateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.http.HttpErrors;
import io.wagateway.http.RequestPaths;
import io.wagateway.security.ApiAuthenticationFilter;
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
 * The REST API's bodies are JSON: a {@code POST}/{@code PATCH}/{@code PUT} to {@code /api/**} that says it
 * carries something else ({@code curl -d} sends {@code application/x-www-form-urlencoded}) is answered
 * {@code 415 {"error": "unsupported media type", ...}} here, after the token check and before Camel's HTTP
 * binding would decode a form body on its own. A request without {@code Content-Type} is read as JSON.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
public class ApiContentTypeFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    public ApiContentTypeFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !RequestPaths.isUnder(request, ApiAuthenticationFilter.PREFIX)
                || !("POST".equals(method) || "PATCH".equals(method) || "PUT".equals(method))
                || request.getContentType() == null
                || json(request.getContentType());
    }

    /** {@code application/json} or any {@code application/*+json}, with or without parameters. */
    static boolean json(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
        response.setContentType(ApiJson.CONTENT_TYPE);
        byte[] body = json.writeValueAsBytes(HttpErrors.body("unsupported media type",
                "the body must be JSON, sent with Content-Type: application/json"));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
