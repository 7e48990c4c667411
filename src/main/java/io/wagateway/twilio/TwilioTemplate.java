package io.wagateway.twilio;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.wagateway.outbound.OutgoingMessage;
import io.wagateway.outbound.SendVariables;
import io.wagateway.sql.SqlParameters;
import java.net.URI;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The approved template {@code TWILIO_FALLBACK_CONTENT_SID} for outside the 24-hour window, sent with the
 * Twilio SDK that camel-twilio wraps: the component's creator always needs a body, and since April 2025
 * Twilio refuses a template that carries one. Its variable {@code {{1}}} is what the window policy decided
 * ({@code io.wagateway.outbound.OutboundWindow}): the invitation's, or the wanted text made fit for a template.
 */
@Component("twilioTemplate")
public class TwilioTemplate {

    private final TwilioProperties twilio;
    private final TwilioRestClient client;
    private final SqlParameters json;

    public TwilioTemplate(TwilioProperties twilio, TwilioRestClient client, SqlParameters json) {
        this.twilio = twilio;
        this.client = client;
        this.json = json;
    }

    /** The template's variables: {@code {{1}}} is what the window decided ({@code templateText}). */
    public String variables(Exchange exchange) {
        return json.toJson(Map.of("1", templateText(exchange)));
    }

    /** What the message row records: which template went out, with which variables. */
    public String record(Exchange exchange) {
        return json.toJson(Map.of("template", Map.of(
                "provider", "twilio",
                "contentSid", twilio.fallbackContentSid(),
                "variables", Map.of("1", templateText(exchange)))));
    }

    private static String templateText(Exchange exchange) {
        return exchange.getVariable(SendVariables.TEMPLATE_TEXT, String.class);
    }

    public Message send(Exchange exchange) {
        MessageCreator creator = Message.creator(TwilioSendRoutes.recipient(OutgoingMessage.of(exchange)),
                        new PhoneNumber(twilio.whatsappFrom()), (String) null)
                .setContentSid(twilio.fallbackContentSid())
                .setContentVariables(variables(exchange));
        String callback = exchange.getVariable(TwilioSendRoutes.STATUS_CALLBACK, String.class);
        if (callback != null) {
            creator.setStatusCallback(URI.create(callback));
        }
        return creator.create(client);
    }
}
