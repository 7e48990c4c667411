package io.wagateway.kommo;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kommo's settings and what the Chats API calls need beyond them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KommoProperties.class)
public class KommoConfiguration {

    /** Name of the header filter of the Chats API endpoint ({@code headerFilterStrategy=#...}). */
    static final String HEADER_FILTER = "kommoHeaderFilterStrategy";
    /** Name of the HTTP client configurer of the Chats API endpoint ({@code httpClientConfigurer=#...}). */
    static final String HTTP_CLIENT = "kommoHttpClientConfigurer";

    /**
     * No silent retries: Apache HttpClient re-executes a 429 or 503 answer on its own by default (sleeping in
     * the send worker's thread); the gateway's retry policy, on the message row, is the only one.
     */
    @Bean(HTTP_CLIENT)
    HttpClientConfigurer kommoHttpClientConfigurer() {
        return HttpClientBuilder::disableAutomaticRetries;
    }

    /**
     * Camel's HTTP header filter, except that {@code Date} goes out: Kommo signs it and refuses a request
     * without it (the default filter drops it as a "generic" header).
     */
    @Bean(HEADER_FILTER)
    HeaderFilterStrategy kommoHeaderFilterStrategy() {
        HttpHeaderFilterStrategy strategy = new HttpHeaderFilterStrategy();
        strategy.getOutFilter().remove("date");
        return strategy;
    }
}
