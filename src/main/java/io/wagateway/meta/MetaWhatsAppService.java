package io.wagateway.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.whatsapp.WhatsAppService;
import org.apache.camel.component.whatsapp.model.BaseMessage;
import org.apache.camel.component.whatsapp.model.MessageResponse;
import org.apache.camel.component.whatsapp.service.WhatsAppServiceRestAPIAdapter;

/**
 * The service of the send endpoint (camel-whatsapp's endpoint option {@code whatsappService}): camel-whatsapp's
 * own REST adapter for every request, except the {@link OwnRequest}s: those addressed to a BSUID
 * ({@link MetaRecipient}) and the read receipt with typing indicator ({@link MetaReadWithTyping}). camel-whatsapp
 * 4.17's request models know neither {@code recipient} nor {@code status}, and its adapter picks how to send a
 * request by its exact class, so it refuses subclasses. Those are posted here as the adapter posts a request
 * (same URL, headers, client and JSON settings) and answered as it answers: the {@link MessageResponse} as the
 * body (empty for a read receipt, whose answer is {@code {"success": true}}), or an exception
 * {@code "<uri> responded: <status> and body: <body>"} that {@link MetaErrors} reads.
 */
final class MetaWhatsAppService implements WhatsAppService {

    private final WhatsAppService adapter;
    private final HttpClient client;
    private final URI messagesUri;
    private final String authorizationToken;
    private final ObjectMapper json;

    /** A request camel-whatsapp 4.17's adapter cannot send: to a BSUID, or a read receipt with typing. */
    interface OwnRequest {
    }

    /** {@code json}: the application's mapper; requests are written as camel-whatsapp writes them, without nulls. */
    MetaWhatsAppService(HttpClient client, MetaProperties meta, ObjectMapper json) {
        String phoneNumberId = meta.canSend() ? meta.phoneNumberId().trim() : MetaConfiguration.NO_CREDENTIALS;
        this.authorizationToken = meta.canSend() ? meta.accessToken() : MetaConfiguration.NO_CREDENTIALS;
        this.adapter = new WhatsAppServiceRestAPIAdapter(client, meta.graphBaseUrl(), meta.apiVersion(), phoneNumberId,
                authorizationToken);
        this.client = client;
        this.messagesUri = URI.create(meta.graphBaseUrl() + "/" + meta.apiVersion() + "/" + phoneNumberId
                + "/messages");
        this.json = json.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Override
    public void sendMessage(Exchange exchange, AsyncCallback callback, BaseMessage message) {
        if (!(message instanceof OwnRequest)) {
            adapter.sendMessage(exchange, callback, message);
            return;
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(messagesUri)
                    .header("content-type", "application/json")
                    .header("Authorization", "Bearer " + authorizationToken)
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message)))
                    .build();
        } catch (JsonProcessingException e) {
            exchange.setException(e);
            // camel-whatsapp's producer always answers "asynchronous" once the service has the exchange
            callback.done(false);
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    exchange.setException(RuntimeCamelException.wrapRuntimeCamelException(failure));
                } else if (response.statusCode() >= 200 && response.statusCode() < 300) {
                    exchange.getMessage().setBody(json.readValue(response.body(), MessageResponse.class));
                } else {
                    exchange.setException(new RuntimeCamelException(messagesUri + " responded: "
                            + response.statusCode() + " and body: " + response.body()));
                }
            } catch (Exception e) {
                exchange.setException(e);
            } finally {
                callback.done(false);
            }
        });
    }
}
