package io.wagateway.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.TwilioRestClient;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Twilio REST client that the camel-twilio component uses (autowired by type). It always exists so
 * the component can start; without credentials the send route runs dry and never calls it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TwilioProperties.class)
public class TwilioClientConfiguration {

    private static final String NO_CREDENTIALS = "dry-run";

    @Bean
    TwilioRestClient twilioRestClient(TwilioProperties properties, ObjectMapper json,
                                      @Value("${gateway.twilio.timeout-ms:10000}") long timeoutMs) {
        String sid = properties.canSend() ? properties.accountSid() : NO_CREDENTIALS;
        String token = properties.canSend() ? properties.authToken() : NO_CREDENTIALS;
        return new TwilioRestClient.Builder(sid, token)
                .accountSid(sid)
                .httpClient(new TwilioHttpClient(properties.apiBaseUrl(), Timeout.ofMilliseconds(timeoutMs), json))
                .build();
    }
}
