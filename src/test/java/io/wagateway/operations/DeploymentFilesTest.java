package io.wagateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, the Dockerfile and .env.example agree with the contract (no Docker engine needed):
 * the services, PostgreSQL 16 with a data volume, the gateway's port, health check, non-root user and live
 * routes folder, and every configuration variable passed through and documented.
 */
class DeploymentFilesTest {

    /** The configuration table of the contract (CONTRACT.md, "Configuration"), name by name. */
    static final List<String> CONTRACT_VARIABLES = List.of(
            "SERVER_PORT",
            "PUBLIC_BASE_URL",
            "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
            "EMBEDDED_DB_DIR",
            "API_TOKEN",
            "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
            "TWILIO_WHATSAPP_FROM",
            "TWILIO_API_BASE_URL",
            "TWILIO_FALLBACK_CONTENT_SID",
            "META_ACCESS_TOKEN", "META_PHONE_NUMBER_ID",
            "META_APP_SECRET",
            "META_VERIFY_TOKEN",
            "META_GRAPH_BASE_URL", "META_API_VERSION",
            "META_FALLBACK_TEMPLATE", "META_FALLBACK_TEMPLATE_LANGUAGE",
            "WINDOW_FALLBACK",
            "META_TYPING_INDICATOR",
            "OPT_OUT_KEYWORDS", "OPT_IN_KEYWORDS",
            "KOMMO_WEBHOOK_SECRET",
            "KOMMO_CHANNEL_ID", "KOMMO_CHANNEL_SECRET", "KOMMO_SCOPE_ID", "KOMMO_BOT_ID",
            "KOMMO_AMOJO_BASE_URL",
            "AI_BASE_URL", "AI_API_KEY", "AI_MODEL",
            "AI_SYSTEM_PROMPT",
            "AI_HISTORY_MESSAGES",
            "ESCALATION_KEYWORDS",
            "ROUTES_DIR");

    /** Credentials: .env.example must leave them empty. */
    static final List<String> SECRETS = List.of("API_TOKEN", "TWILIO_AUTH_TOKEN", "META_ACCESS_TOKEN",
            "META_APP_SECRET", "META_VERIFY_TOKEN", "KOMMO_WEBHOOK_SECRET", "KOMMO_CHANNEL_SECRET", "AI_API_KEY",
            "SPRING_DATASOURCE_PASSWORD");

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void composeRunsPostgres16WithADataVolumeAndTheGatewayAfterIt() throws IOException {
        Map<String, Object> compose = compose();
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("postgres", "gateway");

        Map<String, Object> postgres = map(services.get("postgres"));
        assertThat((String) postgres.get("image")).matches("postgres:16([.-].*)?");
        String dataVolume = volumes(postgres).stream()
                .filter(volume -> volume.endsWith(":/var/lib/postgresql/data"))
                .findFirst().orElseThrow(() -> new AssertionError("no volume on /var/lib/postgresql/data"));
        String volumeName = dataVolume.substring(0, dataVolume.indexOf(':'));
        assertThat(volumeName).as("a named volume, not a folder").doesNotContain("/");
        assertThat(map(compose.get("volumes"))).containsKey(volumeName);
        assertThat(map(postgres.get("healthcheck")).get("test").toString()).contains("pg_isready");

        Map<String, Object> gateway = map(services.get("gateway"));
        assertThat(gateway).containsKey("build");
        assertThat(map(map(gateway.get("depends_on")).get("postgres")))
                .containsEntry("condition", "service_healthy");
    }

    @Test
    void theGatewayListensOn8080WithAHealthCheckOnActuatorHealth() throws IOException {
        Map<String, Object> gateway = gateway();

        List<String> containerPorts = new ArrayList<>();
        for (Object port : (List<?>) gateway.get("ports")) {
            if (port instanceof Map<?, ?> longSyntax) {
                containerPorts.add(String.valueOf(longSyntax.get("target")));
            } else {
                String mapping = String.valueOf(port);
                containerPorts.add(mapping.substring(mapping.lastIndexOf(':') + 1).replace("/tcp", ""));
            }
        }
        assertThat(containerPorts).contains("8080");
        assertThat(environment(gateway).get("SERVER_PORT")).isEqualTo("8080");
        assertThat(map(gateway.get("healthcheck")).get("test").toString()).contains("/actuator/health");
    }

    @Test
    void theRoutesFolderIsMountedWhereTheGatewayReadsItsRoutes() throws IOException {
        Map<String, Object> gateway = gateway();
        String routesDir = environment(gateway).get("ROUTES_DIR");

        assertThat(routesDir).startsWith("/");
        assertThat(volumes(gateway)).anySatisfy(volume -> {
            String[] parts = volume.split(":");
            assertThat(parts[0]).isIn("./routes", "routes", "./routes/");
            assertThat(parts[1]).isEqualTo(routesDir);
            assertThat(parts.length == 2 || !parts[2].contains("ro")).as("mounted writable: " + volume).isTrue();
        });
        assertThat(dockerfile()).contains("ROUTES_DIR=" + routesDir);
    }

    @Test
    void everyContractVariableReachesTheGatewayAndIsListedInEnvExample() throws IOException {
        Map<String, String> environment = environment(gateway());
        Map<String, String> example = envExample();

        assertThat(environment.keySet()).containsAll(CONTRACT_VARIABLES);
        assertThat(example.keySet()).containsAll(CONTRACT_VARIABLES);
        // the .env file reaches the gateway as a whole, also what the environment does not list
        assertThat(map(((List<?>) gateway().get("env_file")).get(0)))
                .containsEntry("path", ".env").containsEntry("required", false);
        for (String secret : SECRETS) {
            assertThat(example.get(secret)).as(secret + " in .env.example").isEmpty();
        }
    }

    @Test
    void everyVariableTheApplicationReadsIsPassedByComposeAndListedInEnvExample() throws IOException {
        Set<String> read = new LinkedHashSet<>();
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]")
                .matcher(Files.readString(ROOT.resolve("src/main/resources/application.yml")));
        while (placeholder.find()) {
            read.add(placeholder.group(1));
        }
        assertThat(read).containsAll(CONTRACT_VARIABLES);

        assertThat(environment(gateway()).keySet()).containsAll(read);
        assertThat(envExample().keySet()).containsAll(read);
    }

    @Test
    void theImageRunsAsANonRootUserExposes8080AndChecksActuatorHealth() throws IOException {
        List<String> instructions = dockerInstructions();

        List<String> users = instructions.stream().filter(i -> i.startsWith("USER ")).toList();
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).substring("USER ".length()).strip();
        assertThat(user.split(":")[0]).isNotIn("root", "0");
        assertThat(instructions).anySatisfy(i -> assertThat(i).matches("EXPOSE .*\\b8080\\b.*"));
        assertThat(instructions).anySatisfy(i -> assertThat(i).startsWith("HEALTHCHECK ").contains("/actuator/health"));
        // the runtime stage starts the jar
        assertThat(instructions.get(instructions.size() - 1)).startsWith("ENTRYPOINT").contains("-jar");
    }

    @Test
    void theBuildContextLeavesOutLocalDataAndSecrets() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::strip).toList();

        assertThat(ignored).contains(".env", "data/", "target/");
    }

    // ---- reading the files

    private static Map<String, Object> compose() throws IOException {
        return map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))));
    }

    private static Map<String, Object> gateway() throws IOException {
        return map(map(compose().get("services")).get("gateway"));
    }

    /** A service's environment, whether written as a map or as a list of NAME=value. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> entries) {
            entries.forEach((name, value) -> environment.put(String.valueOf(name),
                    value == null ? "" : String.valueOf(value)));
        } else if (declared instanceof List<?> entries) {
            for (Object entry : entries) {
                String[] pair = String.valueOf(entry).split("=", 2);
                environment.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return environment;
    }

    private static List<String> volumes(Map<String, Object> service) {
        List<String> volumes = new ArrayList<>();
        for (Object volume : (List<?>) service.get("volumes")) {
            if (volume instanceof Map<?, ?> longSyntax) {
                volumes.add(longSyntax.get("source") + ":" + longSyntax.get("target"));
            } else {
                volumes.add(String.valueOf(volume));
            }
        }
        return volumes;
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            Matcher variable = Pattern.compile("^([A-Z][A-Z0-9_]*)=(.*)$").matcher(line.strip());
            if (variable.matches()) {
                variables.put(variable.group(1), variable.group(2));
            }
        }
        return variables;
    }

    private static String dockerfile() throws IOException {
        return Files.readString(ROOT.resolve("Dockerfile"));
    }

    /** The Dockerfile's instructions, continuation lines joined, comments left out. */
    private static List<String> dockerInstructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile().split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                current.append(stripped);
                instructions.add(current.toString().replaceAll("\\s+", " ").strip());
                current.setLength(0);
            }
        }
        return instructions;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
