package io.wagateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.MessageType;
import io.wagateway.canonical.Provider;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routes/inbound-rules.camel.yaml on its own, in a plain Camel context: the rule it ships with. */
class InboundRulesRouteTest {

    private DefaultCamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void loadTheRouteFile() throws Exception {
        camel = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                PluginHelper.getResourceLoader(camel).resolveResource("file:routes/inbound-rules.camel.yaml"));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private CanonicalMessage rules(String text) {
        CanonicalMessage message = new CanonicalMessage(Provider.TWILIO, "SM1", "+15551234567", null, null, null,
                null, "Ana", MessageType.TEXT, text, null, null, null, Map.of("profileName", "Ana"));
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

    @Test
    void aRuleCanReadTheUsersBsuidUsernameAndMissingPhone() throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("identity-rule.yaml", """
                - route:
                    from:
                      uri: direct:identity-rule
                      steps:
                        - filter:
                            simple: "${body.phone} == null && ${body.userId} != null"
                            steps:
                              - setBody:
                                  simple: "${body.withMetadata('knownBy', ${body.userId})}"
                              - setBody:
                                  simple: "${body.withMetadata('handle', ${body.username})}"
                """));
        CanonicalMessage bsuidOnly = new CanonicalMessage(Provider.META, "wamid.1", null, "BR.1582043977165209",
                "mari.costa", null, null, "Mariana", MessageType.TEXT, "oi", null, null, null, Map.of());

        CanonicalMessage out = template.requestBody("direct:identity-rule", bsuidOnly, CanonicalMessage.class);

        assertThat(out.metadata()).containsEntry("knownBy", "BR.1582043977165209")
                .containsEntry("handle", "mari.costa");
    }
}
