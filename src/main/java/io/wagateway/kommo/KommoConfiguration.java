package io.wagateway.kommo;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kommo's settings and what the Chats API calls need beyond them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KommoProperties.class)
public class KommoConfiguration {

    /** Name of the header filter of the Chats API endpoint ({@code headerFilterStrategy=#...}). */
    static final String HEADER_FILTER = "kommoHeaderFilterStrategy";

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
