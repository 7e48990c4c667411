package io.wagateway.operations;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the status code of every answer under {@code /webhooks/**} ({@code wagateway.webhook.responses}),
 * whoever gives it: the routes (200, 400, 403, 503...), a servlet filter or the container. The outermost
 * filter, so that it sees the final status.
 *
 * <p>Tags: {@code path} is the path of the webhook route that answered (never the query string, which may
 * carry Kommo's secret), or {@code other} for a path no route serves, so that made-up paths cannot create new
 * series; {@code provider} is the path's segment after {@code /webhooks/} ({@code twilio}, {@code meta},
 * {@code kommo}, or a provider an integrator added as a YAML route), {@code unknown} for {@code other}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WebhookMetricsFilter extends OncePerRequestFilter {

    static final String PREFIX = "/webhooks/";
    static final String OTHER = "other";

    private final GatewayMetrics metrics;
    private final ObjectProvider<CamelContext> camel;
    /** The path of each route URI seen (as many as there are webhook and API routes). */
    private final Map<String, String> paths = new ConcurrentHashMap<>();
    private volatile PlatformHttpComponent component;

    public WebhookMetricsFilter(GatewayMetrics metrics, ObjectProvider<CamelContext> camel) {
        this.metrics = metrics;
        this.camel = camel;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            if (failed) {
                // the container turns what escaped into a 500
                record(request, 500);
            } else if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(request, response.getStatus());
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            } else {
                record(request, response.getStatus());
            }
        }
    }

    private void record(HttpServletRequest request, int status) {
        String path = routePath(request.getRequestURI());
        metrics.webhookResponse(OTHER.equals(path) ? "unknown" : providerOf(path), path, status);
    }

    /**
     * The request's path when a webhook route serves it, else {@link #OTHER}. The routes are looked at on every
     * answer (YAML routes come and go with a reload); the paths of their URIs and the component are remembered, as
     * resolving them for every webhook cost a few per cent of the gateway's CPU under load.
     */
    String routePath(String requestPath) {
        PlatformHttpComponent component = platformHttp();
        if (component == null) {
            return OTHER;
        }
        for (HttpEndpointModel endpoint : component.getHttpEndpoints()) {
            String uri = endpoint.getUri();
            if (uri != null && requestPath.equals(paths.computeIfAbsent(uri, WebhookMetricsFilter::pathOf))) {
                return requestPath;
            }
        }
        return OTHER;
    }

    private PlatformHttpComponent platformHttp() {
        PlatformHttpComponent known = component;
        if (known == null) {
            CamelContext context = camel.getIfAvailable();
            known = context == null ? null : context.getComponent("platform-http", PlatformHttpComponent.class);
            component = known;
        }
        return known;
    }

    private static String pathOf(String uri) {
        return uri.contains("://") ? URI.create(uri).getPath() : uri;
    }

    static String providerOf(String path) {
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        return (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
    }
}
