package io.wagateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The REST API's one source: the hand-written OpenAPI document {@value #RESOURCE}. {@link ApiRoutes} makes a
 * REST DSL verb of each of its operations, routed to {@code direct:<operationId>}, and serves it as it is at
 * {@code GET /api/openapi.json}; {@link #check} refuses routes that are not exactly its operations.
 */
public final class ApiContract {

    public static final String RESOURCE = "/api/openapi.json";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    /** One operation: its HTTP method (lower case), full path (with the server's base path) and operationId. */
    public record Operation(String method, String path, String id, String summary) {
    }

    private final byte[] document;
    private final String title;
    private final List<Operation> operations;

    private ApiContract(byte[] document, String title, List<Operation> operations) {
        this.document = document;
        this.title = title;
        this.operations = List.copyOf(operations);
    }

    /** The document of the classpath, read once. */
    public static ApiContract load(ObjectMapper json) {
        try (InputStream in = ApiContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(in.readAllBytes(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApiContract parse(byte[] document, ObjectMapper json) throws IOException {
        JsonNode root = json.readTree(document);
        String basePath = basePath(root.path("servers"));
        List<Operation> operations = new ArrayList<>();
        root.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(verb -> {
            if (METHODS.contains(verb.getKey())) {
                String id = verb.getValue().path("operationId").asText("");
                if (id.isEmpty()) {
                    throw new IllegalStateException(RESOURCE + ": " + verb.getKey() + " " + path.getKey()
                            + " has no operationId");
                }
                operations.add(new Operation(verb.getKey(), basePath + path.getKey(), id,
                        verb.getValue().path("summary").asText(null)));
            }
        }));
        return new ApiContract(document, root.path("info").path("title").asText(null), operations);
    }

    /** The one server's URL, a path on this server ({@code /} for none): what every path of the document is under. */
    private static String basePath(JsonNode servers) {
        String url = servers.size() == 1 ? servers.get(0).path("url").asText("") : "";
        if (!url.startsWith("/")) {
            throw new IllegalStateException(RESOURCE + " must name one server, a path on this one such as \"/\"");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The document as written, bytes for bytes. */
    public byte[] document() {
        return document.clone();
    }

    public String title() {
        return title;
    }

    public List<Operation> operations() {
        return operations;
    }

    /**
     * Fails unless the {@code direct:} endpoints that the API's routes start from are exactly
     * {@code direct:<operationId>} of the operations: an operation without its route, or a route the document
     * does not describe, stops the application from starting.
     */
    public void check(Collection<String> routedEndpoints) {
        Set<String> expected = new TreeSet<>();
        operations.forEach(operation -> expected.add("direct:" + operation.id()));
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(routedEndpoints);
        Set<String> undocumented = new TreeSet<>(routedEndpoints);
        undocumented.removeAll(expected);
        if (!missing.isEmpty() || !undocumented.isEmpty()) {
            throw new IllegalStateException("The REST API's routes and " + RESOURCE + " disagree: operations "
                    + "without a route " + missing + ", routes that are no operation " + undocumented);
        }
    }
}
