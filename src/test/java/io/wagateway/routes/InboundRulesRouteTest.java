package io.wagateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.MessageType;
import io.wagateway.canonical.Provider;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/inbound-rules.yaml on its own, in a plain Camel context: the rule it ships with. */
class InboundRulesRouteTest {

    private DefaultCamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void loadTheRouteFile() throws Exception {
        camel = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                PluginHelper.getResourceLoader(camel).resolveResource("file:routes/inbound-rules.yaml"));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private CanonicalMessage rules(String text) {
        CanonicalMessage message = new CanonicalMessage(Provider.TWILIO, "SM1", "+15551234567", null, null, null, null, "Ana",
                MessageType.TEXT, text, null, null, null, Map.of("profileName", "Ana"));
        return template.requestBody("direct:inbound-rules", message, CanonicalMessage.class);
    }

    @Test
    void aMessageMentioningAnInvoiceInAnyCaseIsTaggedBilling() {
        assertThat(rules("Where is my INVOICE?").metadata())
                .containsEntry("topic", "billing").containsEntry("profileName", "Ana");
        assertThat(rules("the invoices of May").metadata()).containsEntry("topic", "billing");
    }

    @Test
    void anyOtherMessageGoesThroughUnchanged() {
        CanonicalMessage out = rules("Are you open on Sunday?");

        assertThat(out.text()).isEqualTo("Are you open on Sunday?");
        assertThat(out.metadata()).isEqualTo(Map.of("profileName", "Ana"));
    }
}
