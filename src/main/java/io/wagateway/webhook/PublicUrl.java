package io.wagateway.webhook;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The URL a provider called, as the provider saw it: {@code PUBLIC_BASE_URL} + path + query when set,
 * otherwise the request's own URL honouring {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}
 * (a gateway behind a TLS-terminating proxy sees http://internal-host, but Twilio signed https://public-host).
 */
@Component
public class PublicUrl {

    private final String publicBaseUrl;

    public PublicUrl(@Value("${gateway.public-base-url:}") String publicBaseUrl) {
        this.publicBaseUrl = StringUtils.hasText(publicBaseUrl)
                ? publicBaseUrl.replaceAll("/+$", "")
                : null;
    }

    public String of(Exchange exchange) {
        HttpServletRequest request = exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST,
                HttpServletRequest.class);
        String pathAndQuery = request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        if (publicBaseUrl != null) {
            return publicBaseUrl + pathAndQuery;
        }
        String proto = firstValue(request.getHeader("X-Forwarded-Proto"), request.getScheme());
        String host = firstValue(request.getHeader("X-Forwarded-Host"), request.getHeader("Host"));
        return proto + "://" + host + pathAndQuery;
    }

    /** The base URL others should call back (Twilio's StatusCallback...), when one is configured. */
    public String base() {
        return publicBaseUrl;
    }

    private static String firstValue(String header, String fallback) {
        if (!StringUtils.hasText(header)) {
            return fallback;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }
}
