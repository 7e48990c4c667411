package io.wagateway.webhook;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;

/** The request body exactly as received: signatures are computed over these bytes. */
public final class RawBody {

    /** The request attribute holding the body's bytes, set by {@link BodySizeLimitFilter}. */
    public static final String ATTRIBUTE = "wa-gateway.raw-body";

    private RawBody() {
    }

    /**
     * The bytes kept by the webhook filter; without them (an exchange not made from a webhook request),
     * the message body as bytes.
     */
    public static byte[] of(Exchange exchange) {
        HttpServletRequest request = exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST,
                HttpServletRequest.class);
        if (request != null && request.getAttribute(ATTRIBUTE) instanceof byte[] raw) {
            return raw;
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        return body == null ? new byte[0] : body;
    }
}
