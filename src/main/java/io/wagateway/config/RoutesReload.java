package io.wagateway.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Live reload of the YAML routes in {@code ROUTES_DIR} ({@code camel.main.routes-reload-enabled}, switched on
 * by {@link RoutesLocation} when that folder exists). Camel's watcher notices the files saved, added and
 * deleted; this decides what a change does, one file at a time:
 * <ul>
 *   <li>a saved or added file replaces the routes with the same ids; Java routes and the other files' routes
 *       are not touched;</li>
 *   <li>a file that does not load changes nothing: a YAML error is found before anything is replaced, and a
 *       route that cannot be created (unknown bean, component or option) is rolled back to the previous one.
 *       Camel's watcher logs the error with the file and, for a YAML error, the line;</li>
 *   <li>a deleted file's routes are stopped and removed (Camel's own reload leaves them running).</li>
 * </ul>
 * A route's webhook path stops answering ({@code 404}) when the route is gone: camel-platform-http-starter
 * never takes a stopped consumer out of Spring MVC's mappings, so that is done here.
 */
@Component
class RoutesReload implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesReload.class);

    private final ObjectProvider<CamelRequestHandlerMapping> httpMappings;

    RoutesReload(ObjectProvider<CamelRequestHandlerMapping> httpMappings) {
        this.httpMappings = httpMappings;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        RouteWatcherReloadStrategy watcher = camel.hasService(RouteWatcherReloadStrategy.class);
        if (watcher != null) {
            // set before the watcher starts, which otherwise installs Camel's own handler
            watcher.setResourceReload((name, resource) -> onChange(camel, name, resource));
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do
    }

    /** What Camel's watcher calls for a file of the folder that was saved, added or deleted. */
    void onChange(CamelContext camel, String name, Resource resource) throws Exception {
        try {
            if (resource.exists()) {
                reload(camel, name, resource);
            } else {
                removeRoutesOf(camel, name, resource);
            }
        } finally {
            dropStoppedHttpMappings();
        }
    }

    private static void reload(CamelContext camel, String name, Resource resource) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        List<RouteDefinition> before = List.copyOf(model.getRouteDefinitions());
        try {
            Set<String> ids = PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(resource));
            LOG.info("Routes reloaded from {}: {}", name, ids);
        } catch (Exception e) {
            rollBack(camel, model, before);
            // the watcher logs "Error reloading routes from file: <name> due to: <this message>" and counts it
            throw new IllegalStateException(describe(e) + "; the previous routes keep running", e);
        }
    }

    /** Puts the routes back as they were before a failed reload: what it added goes, what it removed returns. */
    private static void rollBack(CamelContext camel, Model model, List<RouteDefinition> before) {
        Set<RouteDefinition> previous = Collections.newSetFromMap(new IdentityHashMap<>());
        previous.addAll(before);
        try {
            for (RouteDefinition added : List.copyOf(model.getRouteDefinitions())) {
                if (!previous.contains(added)) {
                    camel.getRouteController().stopRoute(added.getRouteId());
                    camel.removeRoute(added.getRouteId());
                    model.removeRouteDefinition(added);
                }
            }
            for (RouteDefinition old : before) {
                if (camel.getRoute(old.getRouteId()) == null) {
                    model.addRouteDefinition(old);
                    LOG.warn("Route {} put back as it was before the failed reload", old.getRouteId());
                }
            }
        } catch (Exception e) {
            LOG.error("The routes could not all be put back after a failed reload: restart the gateway", e);
        }
    }

    /** What went wrong, with the line and column of the file for a YAML error. */
    static String describe(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
                Mark mark = yaml.getProblemMark().get();
                return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
                        + yaml.getProblem();
            }
        }
        return e.getMessage();
    }

    /** Stops and removes the routes that were loaded from {@code deleted}. */
    private static void removeRoutesOf(CamelContext camel, String name, Resource deleted) throws Exception {
        Path file = pathOf(deleted);
        for (Route route : List.copyOf(camel.getRoutes())) {
            if (file != null && file.equals(pathOf(route.getSourceResource()))) {
                camel.getRouteController().stopRoute(route.getRouteId());
                camel.removeRoute(route.getRouteId());
                LOG.info("Route {} removed: its file {} was deleted", route.getRouteId(), name);
            }
        }
    }

    /** The file a resource was read from, absolute and normalized, or null when it is not a file. */
    static Path pathOf(Resource resource) {
        if (resource == null || resource.getLocation() == null || !resource.getLocation().startsWith("file:")) {
            return null;
        }
        return Path.of(resource.getLocation().substring("file:".length())).toAbsolutePath().normalize();
    }

    /** Spring MVC mappings whose platform-http consumer was stopped with its route: their paths answer 404. */
    private void dropStoppedHttpMappings() {
        CamelRequestHandlerMapping mappings = httpMappings.getIfAvailable();
        if (mappings == null) {
            return;
        }
        mappings.getHandlerMethods().forEach((mapping, handler) -> {
            if (handler.getBean() instanceof StatefulService consumer && consumer.isStopped()) {
                mappings.unregisterMapping(mapping);
            }
        });
    }
}
