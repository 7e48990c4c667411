package io.wagateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.support.GatewayIntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.OutputNode;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Hawtio's route diagrams and Camel's logs name each step by its id: every step of every route, Java or YAML, has
 * one that says what it does, never a generated {@code choice6}, {@code when8} or {@code setVariable21}.
 */
class RouteStepIdsTest extends GatewayIntegrationTest {

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    @Autowired
    private CamelContext camel;

    @Test
    void everyStepOfEveryRouteHasAnIdThatNamesIt() {
        List<String> unnamed = new ArrayList<>();
        for (RouteDefinition route : routes()) {
            collectUnnamed(route.getRouteId(), children(route), unnamed);
        }

        assertThat(unnamed).as("steps without a kebab-case id of their own").isEmpty();
    }

    /**
     * Camel refuses two steps with one id only among the plain steps; this covers the rest too ({@code when},
     * {@code otherwise}, {@code onException}, route ids). A route configuration's steps are one definition applied
     * to each of its routes, so they count once.
     */
    @Test
    void noTwoStepsOrRoutesShareAnId() {
        Map<String, Set<OptionalIdentifiedDefinition<?>>> byId = new TreeMap<>();
        for (RouteDefinition route : routes()) {
            holder(byId, route.getRouteId()).add(route);
            if (route.getInput().hasCustomIdAssigned()) {
                holder(byId, route.getInput().getId()).add(route.getInput());
            }
            collectIds(children(route), byId);
        }

        assertThat(byId.entrySet()).as("ids given to more than one step or route")
                .filteredOn(id -> id.getValue().size() > 1)
                .extracting(Map.Entry::getKey)
                .isEmpty();
    }

    private List<RouteDefinition> routes() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions();
    }

    private static void collectUnnamed(String routeId, List<OptionalIdentifiedDefinition<?>> steps,
                                       List<String> unnamed) {
        for (OptionalIdentifiedDefinition<?> step : steps) {
            if (!step.hasCustomIdAssigned() || !KEBAB_CASE.matcher(step.getId()).matches()) {
                unnamed.add(routeId + ": " + step.getShortName() + " " + step.getLabel()
                        + (step.hasCustomIdAssigned() ? " (id " + step.getId() + ")" : ""));
            }
            collectUnnamed(routeId, children(step), unnamed);
        }
    }

    private static void collectIds(List<OptionalIdentifiedDefinition<?>> steps,
                                   Map<String, Set<OptionalIdentifiedDefinition<?>>> byId) {
        for (OptionalIdentifiedDefinition<?> step : steps) {
            if (step.hasCustomIdAssigned()) {
                holder(byId, step.getId()).add(step);
            }
            collectIds(children(step), byId);
        }
    }

    private static Set<OptionalIdentifiedDefinition<?>> holder(Map<String, Set<OptionalIdentifiedDefinition<?>>> byId,
                                                             String id) {
        return byId.computeIfAbsent(id, any -> Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * The steps inside a step; a choice's are its {@code when}s and {@code otherwise}, steps of their own in Hawtio
     * ({@code when8}) that {@link ChoiceDefinition#getOutputs()} skips for their outputs.
     */
    private static List<OptionalIdentifiedDefinition<?>> children(OptionalIdentifiedDefinition<?> step) {
        List<OptionalIdentifiedDefinition<?>> children = new ArrayList<>();
        if (step instanceof ChoiceDefinition choice) {
            children.addAll(choice.getWhenClauses());
            if (choice.getOtherwise() != null) {
                children.add(choice.getOtherwise());
            }
        } else if (step instanceof ProcessorDefinition<?> processor) {
            children.addAll(processor.getOutputs());
        } else if (step instanceof OutputNode branch) {
            children.addAll(branch.getOutputs());
        }
        return children;
    }
}
