package io.wagateway.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.outbound.ClaimedRows;
import io.wagateway.outbound.Delivery;
import io.wagateway.outbound.OutgoingMessage;
import io.wagateway.outbound.SendVariables;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.whatsapp.WhatsAppComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The send route on its own, in a plain Camel context. */
class MetaSendRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final OutgoingMessage OUTGOING = ClaimedRows.message("meta");

    @Test
    void withoutAccessTokenOrPhoneNumberIdNothingIsSentAndTheMessageIsADryRun() throws Exception {
        MetaProperties unconfigured = new MetaProperties("", "", null, null, null, null, null, null);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            WhatsAppComponent whatsapp = new WhatsAppComponent();
            MetaConfiguration.configure(whatsapp, unconfigured, new GraphHttpClient(Duration.ofSeconds(1), JSON));
            camel.addComponent("whatsapp", whatsapp);
            camel.addRoutes(new MetaSendRoutes(unconfigured,
                    new io.wagateway.sql.SqlParameters(new com.fasterxml.jackson.databind.ObjectMapper()),
                    new MetaWhatsAppService(new GraphHttpClient(Duration.ofSeconds(1), JSON), unconfigured, JSON),
                    new MetaErrors(JSON), null));
            camel.start();

            Exchange sent = camel.createProducerTemplate().send("direct:meta-send", exchange -> {
                exchange.getIn().setBody(OUTGOING);
                exchange.setVariable("messageId", OUTGOING.messageId());
            });

            assertThat(sent.getException()).isNull();
            assertThat(Delivery.statusOf(sent)).isEqualTo("dry_run");
            assertThat(sent.getVariable(SendVariables.DELIVERY, Map.class))
                    .containsEntry("messageId", OUTGOING.messageId())
                    .containsEntry("providerMessageId", null);
            assertThat(sent.getMessage().getBody()).isEqualTo(OUTGOING);
        }
    }

    @Test
    void withoutCredentialsTheTypingIndicatorCallsNothing() throws Exception {
        MetaProperties unconfigured = new MetaProperties("", "", null, null, null, null, null, null);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            WhatsAppComponent whatsapp = new WhatsAppComponent();
            MetaConfiguration.configure(whatsapp, unconfigured, new GraphHttpClient(Duration.ofSeconds(1), JSON));
            camel.addComponent("whatsapp", whatsapp);
            camel.addRoutes(new MetaSendRoutes(unconfigured,
                    new io.wagateway.sql.SqlParameters(new ObjectMapper()),
                    new MetaWhatsAppService(new GraphHttpClient(Duration.ofSeconds(1), JSON), unconfigured, JSON),
                    new MetaErrors(JSON), null));
            camel.start();

            Exchange typed = camel.createProducerTemplate().send("direct:meta-typing", exchange -> {
                exchange.setVariable("typingMessageId", "wamid.1");
                exchange.getIn().setBody("untouched");
            });

            assertThat(typed.getException()).isNull();
            assertThat(typed.getVariable("typingFailure")).isNull();
            assertThat(typed.getMessage().getBody()).as("no request was made of it").isEqualTo("untouched");
        }
    }

    @Test
    void textRequestGoesToTheWaIdWithoutPlusAndWithoutLinkPreview() throws Exception {
        assertThat(asSent(MetaSendRoutes.textMessage("+16505551234", null, "Hello!"))).isEqualTo(JSON.readTree(
                "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"16505551234\","
                        + "\"type\":\"text\",\"text\":{\"body\":\"Hello!\",\"preview_url\":false}}"));
    }

    @Test
    void textRequestToAUserKnownOnlyByTheBsuidCarriesItAsRecipientAndNoTo() throws Exception {
        assertThat(asSent(MetaSendRoutes.textMessage(null, "BR.1582043977165209", "Olá!"))).isEqualTo(JSON.readTree(
                "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\","
                        + "\"recipient\":\"BR.1582043977165209\",\"type\":\"text\","
                        + "\"text\":{\"body\":\"Olá!\",\"preview_url\":false}}"));
    }

    @Test
    void phoneWinsOverTheBsuidAsMetaRecommends() throws Exception {
        JsonNode sent = asSent(MetaSendRoutes.textMessage("+5511999990042", "BR.1582043977165209", "Oi"));

        assertThat(sent.path("to").asText()).isEqualTo("5511999990042");
        assertThat(sent.has("recipient")).isFalse();
    }

    @Test
    void templateToAUserKnownOnlyByTheBsuidCarriesItAsRecipient() throws Exception {
        JsonNode sent = asSent(MetaSendRoutes.templateMessage(null, "BR.1582043977165209", "reengage", "pt_BR", "Oi"));

        assertThat(sent.path("recipient").asText()).isEqualTo("BR.1582043977165209");
        assertThat(sent.has("to")).isFalse();
        assertThat(sent.path("type").asText()).isEqualTo("template");
        assertThat(sent.path("template").path("name").asText()).isEqualTo("reengage");
    }

    /** The request as camel-whatsapp writes it (its mapper leaves nulls out). */
    private static JsonNode asSent(Object request) throws Exception {
        return JSON.readTree(new ObjectMapper().setSerializationInclusion(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL).writeValueAsString(request));
    }

    @Test
    void componentGetsTheConfiguredBaseUrlAndApiVersionNotItsV13Default() {
        WhatsAppComponent whatsapp = new WhatsAppComponent();
        MetaConfiguration.configure(whatsapp, new MetaProperties("token", "106540352242922", null, null,
                "http://localhost:8089/", " ", null, null), new GraphHttpClient(Duration.ofSeconds(1), JSON));

        assertThat(whatsapp.getBaseUri()).isEqualTo("http://localhost:8089");
        assertThat(whatsapp.getApiVersion()).isEqualTo("v26.0");
        assertThat(whatsapp.getAuthorizationToken()).isEqualTo("token");
        assertThat(whatsapp.getClient()).isInstanceOf(GraphHttpClient.class);
    }
}
