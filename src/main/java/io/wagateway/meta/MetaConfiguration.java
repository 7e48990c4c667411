package io.wagateway.meta;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import org.apache.camel.Ordered;
import org.apache.camel.component.whatsapp.WhatsAppComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The camel-whatsapp component, configured once from {@link MetaProperties}: {@code META_GRAPH_BASE_URL}
 * as its base URI, {@code META_API_VERSION} as its API version (the component's own default is the
 * outdated {@code v13.0}), {@code META_ACCESS_TOKEN} as its bearer token and {@link GraphHttpClient} as
 * its HTTP client. Kept on the component rather than in the endpoint URI, so the token never appears in
 * an endpoint URI (logs, Hawtio, JMX). Without credentials the component still gets a placeholder token,
 * because it refuses to create an endpoint without one; the send route runs dry and never calls it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetaProperties.class)
public class MetaConfiguration {

    static final String NO_CREDENTIALS = "dry-run";
    private static final Logger LOG = LoggerFactory.getLogger(MetaConfiguration.class);

    @Bean
    GraphHttpClient graphHttpClient(@Value("${gateway.meta.timeout-ms:10000}") long timeoutMs, ObjectMapper json) {
        return new GraphHttpClient(Duration.ofMillis(timeoutMs), json);
    }

    /** The send endpoint's service: camel-whatsapp's, plus the sends to a BSUID it cannot make yet. */
    @Bean
    MetaWhatsAppService metaWhatsAppService(GraphHttpClient client, MetaProperties meta, ObjectMapper json) {
        return new MetaWhatsAppService(client, meta, json);
    }

    @Bean
    ComponentCustomizer metaWhatsAppComponent(MetaProperties meta, GraphHttpClient client) {
        LOG.info("Meta WhatsApp Cloud API: {}/{}/{}/messages{}", meta.graphBaseUrl(), meta.apiVersion(),
                meta.canSend() ? meta.phoneNumberId().trim() : "-",
                meta.canSend() ? "" : " (dry run: no META_ACCESS_TOKEN/META_PHONE_NUMBER_ID)");
        // last: the camel-whatsapp starter registers its own customizer (active by default) that copies its
        // defaults, https://graph.facebook.com and v13.0, onto the component; with equal orders the two ran
        // in no fixed order and the endpoint sometimes got the defaults
        return ComponentCustomizer.builder(WhatsAppComponent.class)
                .withOrder(Ordered.LOWEST)
                .build(component -> configure(component, meta, client));
    }

    /** What the customizer does, also usable on a component a test creates itself. */
    static void configure(WhatsAppComponent component, MetaProperties meta, HttpClient client) {
        component.setBaseUri(meta.graphBaseUrl());
        component.setApiVersion(meta.apiVersion());
        component.setAuthorizationToken(meta.canSend() ? meta.accessToken() : NO_CREDENTIALS);
        component.setClient(client);
    }

    /** The endpoint of the send route: the phone number id is the endpoint's path. */
    static String endpointUri(MetaProperties meta) {
        return "whatsapp:" + (meta.canSend() ? meta.phoneNumberId().trim() : NO_CREDENTIALS);
    }
}
