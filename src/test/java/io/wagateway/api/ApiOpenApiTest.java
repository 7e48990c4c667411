package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.rest.RestEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code GET /api/openapi.json} is hand-written: this keeps it true. Its paths and methods must be exactly
 * the REST routes running in Camel (a route missing from the document, or a documented operation without
 * a route, fails), and every {@code $ref} in it must resolve.
 */
class ApiOpenApiTest extends ApiIntegrationTestBase {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    @Autowired
    private CamelContext camel;

    private JsonNode document() {
        return getJson("/api/openapi.json", 200);
    }

    private static Set<String> documented(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> {
                    if (METHODS.contains(method)) {
                        operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        return operations;
    }

    /** The REST routes Camel runs, from their consumer endpoints. */
    private Set<String> routed() {
        Set<String> operations = new TreeSet<>();
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof RestEndpoint rest) {
                operations.add(rest.getMethod().toUpperCase(Locale.ROOT) + " "
                        + join(rest.getPath(), rest.getUriTemplate()));
            }
        }
        return operations;
    }

    /** The REST DSL's definitions (also those whose route would not have started). */
    private Set<String> defined() {
        Set<String> operations = new TreeSet<>();
        for (RestDefinition rest : ((ModelCamelContext) camel).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                operations.add(verb.asVerb().toUpperCase(Locale.ROOT) + " " + join(rest.getPath(), verb.getPath()));
            }
        }
        return operations;
    }

    private static String join(String base, String path) {
        String joined = (base == null ? "" : base) + (path == null || path.isEmpty() ? "" : "/" + path);
        return ("/" + joined).replaceAll("/+", "/");
    }

    @Test
    void theDocumentHasExactlyTheOperationsOfTheRestRoutes() {
        Set<String> documented = documented(document());
        Set<String> routed = routed();

        assertThat(routed).as("REST routes running in Camel").isNotEmpty()
                .contains("GET /api/conversations", "PATCH /api/conversations/{id}",
                        "POST /api/conversations/{id}/messages", "POST /api/messages", "GET /api/openapi.json");
        assertThat(routed).as("REST routes not in openapi.json").isSubsetOf(documented);
        assertThat(documented).as("operations of openapi.json without a REST route").isSubsetOf(routed);
        assertThat(defined()).as("REST DSL definitions").isEqualTo(routed);
    }

    @Test
    void theDocumentIsOpenApi3AndEveryReferenceResolves() {
        JsonNode document = document();

        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(document.get("info").get("title").asText()).isNotBlank();
        assertThat(document.get("components").get("securitySchemes").get("bearerAuth").get("scheme").asText())
                .isEqualTo("bearer");
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                assertThat(op.getValue().get("operationId")).as("operationId of %s %s", op.getKey(), path.getKey())
                        .isNotNull();
                assertThat(op.getValue().get("responses").has("401")).as("401 of %s %s", op.getKey(), path.getKey())
                        .isTrue();
            }
        }));
    }

    @Test
    void theDocumentIsServedAsUtf8JsonWithTheToken() {
        var response = get("/api/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo(new String(ApiRoutes.openApiDocument(),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if ("$ref".equals(field.getKey())) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectRefs(item, refs));
        }
    }
}
