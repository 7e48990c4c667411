package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Header;
import org.apache.camel.Route;
import org.apache.camel.component.rest.RestEndpoint;
import org.apache.camel.model.HasExpressionType;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * {@code GET /api/openapi.json} is hand-written and the REST routes are made from it: this keeps it true. Its
 * paths and methods must be exactly the REST routes running in Camel (a route missing from the document, or a
 * documented operation without a route, fails), its parameters exactly those the routes read, its request
 * bodies exactly the records they are bound to, the fields of real answers exactly their schemas' properties,
 * and every {@code $ref} in it must resolve.
 */
class ApiOpenApiTest extends ApiIntegrationTestBase {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    @Autowired
    private ModelCamelContext camel;

    @Autowired
    private ApplicationContext beans;

    private JsonNode document() {
        return getJson("/api/openapi.json", 200);
    }

    private static Set<String> documented(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        String server = basePath(document);
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> {
                    if (METHODS.contains(method)) {
                        operations.add(method.toUpperCase(Locale.ROOT) + " " + server + path.getKey());
                    }
                }));
        return operations;
    }

    /** The path of the document's one server, without the trailing slash: what its paths are under. */
    private static String basePath(JsonNode document) {
        assertThat(document.path("servers")).hasSize(1);
        return document.path("servers").path(0).path("url").asText().replaceAll("/$", "");
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
        for (RestDefinition rest : camel.getRestDefinitions()) {
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
    void theDocumentIsServedAsWrittenAsUtf8JsonWithTheToken() throws IOException {
        var response = get("/api/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        try (InputStream written = getClass().getResourceAsStream(ApiContract.RESOURCE)) {
            assertThat(response.body()).isEqualTo(new String(written.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theFieldsOfAnsweredConversationsAndFailuresAreExactlyTheirSchemasProperties() {
        UUID conversation = jdbc.queryForObject("""
                INSERT INTO kommo_conversations (provider, user_id, username, parent_user_id, contact_name)
                VALUES ('meta', 'BR.1582043977165209', 'mari.costa', 'BR.ENT.42', 'Mariana') RETURNING id""",
                UUID.class);
        jdbc.update("""
                INSERT INTO kommo_messages (conversation_id, provider, role, content, delivery_status,
                                            delivery_error_code, delivery_error, delivery_updated_at)
                VALUES (?, 'meta', 'assistant', 'Hi', 'failed', '131062', 'BSUID recipients are not supported', \
                now())""",
                conversation);
        JsonNode schemas = document().path("components").path("schemas");

        assertThat(fieldsOf(getJson("/api/conversations/" + conversation, 200)))
                .isEqualTo(propertiesOf(schemas.path("Conversation")));
        assertThat(fieldsOf(getJson("/api/conversations", 200).path("conversations").path(0)))
                .isEqualTo(propertiesOf(schemas.path("Conversation")));
        assertThat(fieldsOf(getJson("/api/failures", 200).path("failures").path(0)))
                .isEqualTo(propertiesOf(schemas.path("Failure")));
    }

    /**
     * What a route reads of the request are the {@code @Header} parameters of the beans it calls (query and path
     * parameters arrive as headers): per operation, exactly its documented query and path parameters.
     */
    @Test
    void theDocumentedParametersAreThoseTheRoutesRead() {
        JsonNode document = document();
        String server = basePath(document);
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof RestEndpoint rest) {
                String path = join(rest.getPath(), rest.getUriTemplate()).substring(server.length());
                String method = rest.getMethod().toLowerCase(Locale.ROOT);
                JsonNode operation = document.path("paths").path(path).path(method);
                Set<String> documented = new TreeSet<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    if ("query".equals(parameter.path("in").asText())) {
                        documented.add(parameter.path("name").asText());
                    }
                }
                Matcher placeholder = Pattern.compile("\\{([^}]+)}").matcher(path);
                while (placeholder.find()) {
                    documented.add(placeholder.group(1));
                }

                assertThat(headersRead(camel.getRouteDefinition(route.getRouteId()).getOutputs()))
                        .as("parameters of %s %s", method, path).isEqualTo(documented);
            }
        }
        assertThat(document.path("paths").path("/api/conversations").path("get").path("parameters"))
                .extracting(parameter -> parameter.path("name").asText()).contains("userId");
    }

    /** The {@code @Header} parameters of the bean methods ({@code method("bean", "name")}) the steps call. */
    private Set<String> headersRead(List<ProcessorDefinition<?>> steps) {
        Set<String> headers = new TreeSet<>();
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof HasExpressionType expressive
                    && expressive.getExpressionType() instanceof MethodCallExpression call) {
                Class<?> bean = beans.getType(call.getRef());
                for (Method method : bean.getMethods()) {
                    if (method.getName().equals(call.getMethod().replaceFirst("\\(.*", ""))) {
                        for (Parameter parameter : method.getParameters()) {
                            if (parameter.isAnnotationPresent(Header.class)) {
                                headers.add(parameter.getAnnotation(Header.class).value());
                            }
                        }
                    }
                }
            }
            headers.addAll(headersRead(step.getOutputs()));
        }
        return headers;
    }

    /** {@link ApiBodyReader} binds a body to the record named like its schema, whose fields are the record's. */
    @Test
    void everyRequestBodyIsTheRecordOfItsSchema() throws Exception {
        JsonNode document = document();
        List<String> bodies = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String ref = op.getValue().path("requestBody").path("content").path(ApiJson.CONTENT_TYPE)
                    .path("schema").path("$ref").asText();
            if (!ref.isEmpty()) {
                bodies.add(ref.substring(ref.lastIndexOf('/') + 1));
            }
        }));
        assertThat(bodies).containsExactlyInAnyOrder("StatusChange", "OutboundMessage", "NewConversation");

        for (String name : bodies) {
            Class<?> type = Class.forName(ApiContract.class.getPackageName() + "." + name);
            JsonNode schema = document.path("components").path("schemas").path(name);

            assertThat(type.isRecord()).as(name).isTrue();
            assertThat(ApiBodyReader.fields(type.asSubclass(Record.class))).as(name)
                    .containsExactlyElementsOf(schema.path("properties")::fieldNames);
            assertThat(schema.path("additionalProperties").asBoolean(true)).as("unknown fields of %s", name).isFalse();
        }
    }

    @Test
    void aNewConversationWithEveryDocumentedPropertyIsAcceptedAndAnUndocumentedOneRefused() {
        JsonNode schema = document().path("components").path("schemas").path("NewConversation");
        assertThat(propertiesOf(schema)).containsExactlyInAnyOrder("provider", "phone", "userId", "text",
                "contactName", "author");

        callJson("POST", "/api/messages", body("provider", "meta", "phone", "+5511999990042", "userId",
                "BR.1582043977165209", "text", "Hi", "contactName", "Mariana", "author", "agent"), 202);
        JsonNode refused = callJson("POST", "/api/messages", body("provider", "meta", "userId", "BR.1582043977165209",
                "text", "Hi", "username", "mari"), 400);

        assertThat(refused.path("error").asText()).isEqualTo("unknown field username");
    }

    private static Set<String> fieldsOf(JsonNode object) {
        Set<String> fields = new TreeSet<>();
        object.fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    private static Set<String> propertiesOf(JsonNode schema) {
        return fieldsOf(schema.path("properties"));
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
