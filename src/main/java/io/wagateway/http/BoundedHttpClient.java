package io.wagateway.http;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The Apache HttpClient every call to a provider goes through: connect, socket, pool and response timeouts all
 * bounded by {@code timeout}, the JVM's proxy settings honoured, and no silent re-execution of a request (the
 * gateway's retries are durable and visible on their rows).
 */
public final class BoundedHttpClient {

    private BoundedHttpClient() {
    }

    public static HttpClientBuilder builder(Timeout timeout) {
        return HttpClientBuilder.create()
                .useSystemProperties()
                .disableAutomaticRetries()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .useSystemProperties()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout)
                                .setSocketTimeout(timeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .build());
    }
}
