package io.wagateway.assistant;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import java.time.Clock;
import java.time.Duration;

/** Builds the {@link AiHttpClient} with the timeouts the chat and transcription models ask for. */
final class AiHttpClientBuilder implements HttpClientBuilder {

    private Duration connectTimeout;
    private Duration readTimeout;

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        java.net.http.HttpClient.Builder client = java.net.http.HttpClient.newBuilder();
        if (connectTimeout != null) {
            client.connectTimeout(connectTimeout);
        }
        // langchain4j's own client (the JDK one, found on the class path)
        HttpClient otherRequests = HttpClientBuilderLoader.loadHttpClientBuilder()
                .connectTimeout(connectTimeout).readTimeout(readTimeout).build();
        return new AiHttpClient(client.build(), readTimeout, otherRequests, Clock.systemUTC());
    }
}
