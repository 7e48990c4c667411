package io.wagateway.webhook;

import io.wagateway.http.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands form-encoded webhook bodies to the routes as raw bytes. Camel's HTTP binding would otherwise
 * decode the form itself and answer a malformed escape ({@code %ZZ}) or a field without {@code =} with a
 * 500 before any route runs; the gateway's own strict parser ({@link FormBody}) answers 400 instead, and
 * signatures are checked over exactly the fields it parsed. The original content type stays readable
 * as the request attribute {@link #ORIGINAL_CONTENT_TYPE}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RawFormBodyFilter extends OncePerRequestFilter {

    public static final String ORIGINAL_CONTENT_TYPE = "wa-gateway.original-content-type";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String RAW = "application/octet-stream";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String contentType = request.getContentType();
        return !RequestPaths.isUnder(request, "/webhooks")
                || contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(ORIGINAL_CONTENT_TYPE, request.getContentType());
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getContentType() {
                return RAW;
            }

            @Override
            public String getHeader(String name) {
                return isContentType(name) ? RAW : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return isContentType(name) ? Collections.enumeration(java.util.List.of(RAW)) : super.getHeaders(name);
            }
        }, response);
    }

    private static boolean isContentType(String name) {
        return "content-type".equalsIgnoreCase(name);
    }
}
