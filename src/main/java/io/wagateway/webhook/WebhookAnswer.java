package io.wagateway.webhook;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The last step of every webhook route: the 200 answer its provider expects, written once. A YAML route
 * names the content type and body, e.g. {@code bean: {ref: webhookAnswer, method: "ok('text/plain', 'done')"}}.
 * The request's headers are dropped first, because platform-http would send every header left on the message
 * back to the caller (signatures, Host, the provider's own headers).
 */
@Component
public class WebhookAnswer {

    /** 200 with {@code body} as {@code contentType}. */
    public void ok(String contentType, String body, Exchange exchange) {
        Message answer = withoutRequestHeaders(exchange);
        answer.setHeader(Exchange.CONTENT_TYPE, contentType);
        answer.setBody(body);
    }

    /** 200 with no body and no content type (platform-http answers an empty body with 204 unless told). */
    public void okEmpty(Exchange exchange) {
        Message answer = withoutRequestHeaders(exchange);
        answer.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        answer.setBody("");
    }

    private static Message withoutRequestHeaders(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        return message;
    }
}
