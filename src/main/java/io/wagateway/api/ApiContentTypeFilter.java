package io.wagateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.http.HttpErrors;
import io.wagateway.http.RequestPaths;
import io.wagateway.security.ApiAuthenticationFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
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
 *
 * <p>The one exception is the upload {@code POST /api/media}: {@code multipart/form-data} only (anything else is
 * {@code 415}), and its body is not for Spring or Camel to read (both would parse or copy the whole file first): it is
 * set aside as the request attribute {@link MediaUploads#ATTRIBUTE}, and the request goes on without a body, for
 * {@link MediaUploads} to stream the file into the media store.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
public class ApiContentTypeFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    public ApiContentTypeFilter(ObjectMapper json) {
        this.json = json;
    }

    static final String UPLOAD_PATH = ApiAuthenticationFilter.PREFIX + "/media";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !RequestPaths.isUnder(request, ApiAuthenticationFilter.PREFIX)
                || !("POST".equals(method) || "PATCH".equals(method) || "PUT".equals(method))
                || (!isUpload(request) && (request.getContentType() == null || json(request.getContentType())));
    }

    private static boolean isUpload(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && RequestPaths.is(request, UPLOAD_PATH);
    }

    /** {@code multipart/form-data}, with or without parameters. */
    static boolean multipart(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("multipart/form-data");
    }

    /** {@code application/json} or any {@code application/*+json}, with or without parameters. */
    static boolean json(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isUpload(request)) {
            if (multipart(request.getContentType())) {
                request.setAttribute(MediaUploads.ATTRIBUTE, new MediaUploads.Upload(request.getInputStream(),
                        request.getContentType(), request.getContentLengthLong()));
                chain.doFilter(new WithoutBody(request), response);
                return;
            }
            ApiException refusal = MediaUploads.unsupported();
            refuse(response, refusal.error(), refusal.detail());
            return;
        }
        refuse(response, "unsupported media type", "the body must be JSON, sent with Content-Type: application/json");
    }

    private void refuse(HttpServletResponse response, String error, String detail) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
        response.setContentType(ApiJson.CONTENT_TYPE);
        byte[] body = json.writeValueAsBytes(HttpErrors.body(error, detail));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The upload as Spring and Camel see it: no body (the real one is {@link MediaUploads#ATTRIBUTE}). */
    private static final class WithoutBody extends HttpServletRequestWrapper {

        private static final String NO_BODY_TYPE = "application/octet-stream";

        WithoutBody(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getContentType() {
            return NO_BODY_TYPE;
        }

        @Override
        public String getHeader(String name) {
            if ("content-type".equalsIgnoreCase(name)) {
                return NO_BODY_TYPE;
            }
            if ("content-length".equalsIgnoreCase(name)) {
                return "0";
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = getHeader(name);
            return value == null ? super.getHeaders(name) : Collections.enumeration(List.of(value));
        }

        @Override
        public int getContentLength() {
            return 0;
        }

        @Override
        public long getContentLengthLong() {
            return 0;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return true;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the upload has no body here");
                }

                @Override
                public int read() {
                    return -1;
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new StringReader(""));
        }
    }
}
