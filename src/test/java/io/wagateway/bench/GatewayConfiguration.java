package io.wagateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the benchmark configures the gateway (environment variables only, pointing at the fakes, every
 * secret set) and how it describes that configuration and the machine in the report, secrets masked.
 */
final class GatewayConfiguration {

    private GatewayConfiguration() {
    }

    /**
     * Everything the gateway is configured with, by environment variable (the contract's names).
     * {@code dataDir} null: the database is external ({@code SPRING_DATASOURCE_URL}, inherited).
     */
    static Map<String, String> environment(FakeOutsideWorld fakes, Path project, int port, Path dataDir,
                                           int databasePort) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        environment.put("API_TOKEN", Secrets.API_TOKEN);
        environment.put("ROUTES_DIR", project.resolve("routes").toString());
        if (dataDir != null) {
            environment.put("EMBEDDED_DB_DIR", dataDir.toString());
            environment.put("EMBEDDED_DB_PORT", Integer.toString(databasePort));
        }
        environment.put("TWILIO_ACCOUNT_SID", Secrets.TWILIO_ACCOUNT_SID);
        environment.put("TWILIO_AUTH_TOKEN", Secrets.TWILIO_AUTH_TOKEN);
        environment.put("TWILIO_WHATSAPP_FROM", Secrets.TWILIO_WHATSAPP_FROM);
        environment.put("TWILIO_API_BASE_URL", fakes.twilioBaseUrl());
        environment.put("META_ACCESS_TOKEN", Secrets.META_ACCESS_TOKEN);
        environment.put("META_PHONE_NUMBER_ID", Secrets.META_PHONE_NUMBER_ID);
        environment.put("META_APP_SECRET", Secrets.META_APP_SECRET);
        environment.put("META_VERIFY_TOKEN", Secrets.META_VERIFY_TOKEN);
        environment.put("META_GRAPH_BASE_URL", fakes.graphBaseUrl());
        environment.put("META_API_VERSION", Secrets.META_API_VERSION);
        environment.put("KOMMO_WEBHOOK_SECRET", Secrets.KOMMO_WEBHOOK_SECRET);
        environment.put("KOMMO_CHANNEL_ID", Secrets.KOMMO_CHANNEL_ID);
        environment.put("KOMMO_CHANNEL_SECRET", Secrets.KOMMO_CHANNEL_SECRET);
        environment.put("KOMMO_SCOPE_ID", Secrets.KOMMO_SCOPE_ID);
        environment.put("KOMMO_BOT_ID", Secrets.KOMMO_BOT_ID);
        environment.put("KOMMO_AMOJO_BASE_URL", fakes.kommoBaseUrl());
        environment.put("AI_BASE_URL", fakes.aiBaseUrl());
        environment.put("AI_API_KEY", Secrets.AI_API_KEY);
        environment.put("AI_MODEL", Secrets.AI_MODEL);
        return environment;
    }

    /** The exact configuration: what the bench set, what came from the caller's environment, the JVM's options. */
    static Map<String, Object> describe(Settings settings, Path jar, Map<String, String> environment,
                                        boolean external) {
        Map<String, Object> configuration = new LinkedHashMap<>(settings.toJson());
        configuration.put("jar", jar.getFileName().toString());
        configuration.put("database", external ? "external (SPRING_DATASOURCE_URL)" : "embedded, fresh data directory");
        Map<String, String> set = new LinkedHashMap<>();
        environment.forEach((name, value) -> set.put(name, masked(name, value)));
        configuration.put("environment_set_by_bench", set);
        Map<String, String> inherited = new LinkedHashMap<>();
        System.getenv().entrySet().stream()
                .filter(e -> !environment.containsKey(e.getKey()))
                .filter(e -> e.getKey().matches("(SERVER|SPRING|EMBEDDED|TWILIO|META|KOMMO|AI|REPLY|WORKER|RETRY|QUEUE"
                        + "|WEBHOOK|ESCALATION|PUBLIC|ROUTES|JAVA_TOOL|JDK_JAVA|GATEWAY|CAMEL|LOGGING)_.*"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> inherited.put(e.getKey(), masked(e.getKey(), e.getValue())));
        configuration.put("environment_inherited", inherited);
        configuration.put("signatures", "checked: TWILIO_AUTH_TOKEN, META_APP_SECRET, KOMMO_WEBHOOK_SECRET set");
        return configuration;
    }

    private static String masked(String name, String value) {
        return name.matches(".*(TOKEN|SECRET|PASSWORD|KEY).*") ? "(set)" : value;
    }

    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    machine.put("memory_mib", Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    machine.put("cpu", line.substring(line.indexOf(':') + 1).trim());
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's view is enough
        }
        return machine;
    }
}
