package io.wagateway.webhook;

import org.apache.camel.Exchange;

/** The request body exactly as received: signatures are computed over these bytes. */
public final class RawBody {

    private RawBody() {
    }

    public static byte[] of(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        return body == null ? new byte[0] : body;
    }
}
