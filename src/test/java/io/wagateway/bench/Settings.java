package io.wagateway.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What to run and for how long: {@code --quick} to check the tool, the default (about 5 minutes), {@code --long}. */
record Settings(String mode, String commit, Path project, Path jar, Path out, boolean profile, List<String> jvmOptions,
                double ackWarmupSeconds, int[] ackConcurrency, double ackLevelSeconds,
                int[] loopUsers, double loopSettleSeconds, double loopLevelSeconds,
                int steadyRate, double steadySeconds,
                int[] limitThreads, double limitWarmupSeconds, double limitLevelSeconds, int[] anchorClients,
                double drainCapSeconds, double repeatShare, int instances) {

    static Settings parse(String[] args) {
        String mode = "default";
        String commit = "unknown";
        Path project = Path.of("").toAbsolutePath();
        Path jar = null;
        Path out = null;
        boolean profile = false;
        String jvmOptions = System.getenv().getOrDefault("BENCH_JVM_OPTS", "");
        Integer instances = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = "quick";
                case "--long" -> mode = "long";
                case "--profile" -> profile = true;
                case "--commit" -> commit = args[++i];
                case "--project" -> project = Path.of(args[++i]).toAbsolutePath();
                case "--jar" -> jar = Path.of(args[++i]).toAbsolutePath();
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--jvm-opts" -> jvmOptions = args[++i];
                case "--instances" -> instances = Integer.valueOf(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --quick, --long, --profile, --project DIR, --jar FILE, --out DIR, "
                        + "--jvm-opts '...', --commit ID, --instances N)");
            }
        }
        if (out == null) {
            out = project.resolve("target/bench");
        }
        List<String> jvm = new ArrayList<>(Arrays.asList(jvmOptions.trim().split("\\s+")));
        jvm.removeIf(String::isEmpty);
        Settings settings = switch (mode) {
            case "quick" -> new Settings(mode, commit, project, jar, out, profile, jvm,
                    2, new int[] {4, 16}, 3,
                    new int[] {32, 128}, 2.5, 4,
                    500, 8,
                    new int[] {4, 8}, 1, 3, new int[] {4, 16},
                    15, 0.25, 2);
            case "long" -> new Settings(mode, commit, project, jar, out, profile, jvm,
                    10, new int[] {4, 12, 36, 108}, 15,
                    new int[] {64, 256, 1024, 2048}, 5, 20,
                    500, 120,
                    new int[] {2, 4, 8, 16, 32}, 5, 15, new int[] {2, 4, 8, 16},
                    90, 0.25, 3);
            default -> new Settings(mode, commit, project, jar, out, profile, jvm,
                    4, new int[] {4, 12, 36}, 5,
                    new int[] {64, 256, 768}, 3, 6,
                    500, 30,
                    new int[] {2, 4, 8, 16}, 2, 4, new int[] {2, 4, 8, 16},
                    20, 0.25, 2);
        };
        return instances == null ? settings : settings.withInstances(instances);
    }

    /** The same, with {@code count} gateways in the instances phase (1: none). */
    Settings withInstances(int count) {
        return new Settings(mode, commit, project, jar, out, profile, jvmOptions, ackWarmupSeconds, ackConcurrency,
                ackLevelSeconds, loopUsers, loopSettleSeconds, loopLevelSeconds, steadyRate, steadySeconds,
                limitThreads, limitWarmupSeconds, limitLevelSeconds, anchorClients, drainCapSeconds, repeatShare,
                count);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", mode);
        json.put("commit", commit);
        json.put("jar", jar == null ? null : jar.getFileName().toString());
        json.put("jvm_options", String.join(" ", jvmOptions));
        json.put("ack_warmup_s", ackWarmupSeconds);
        json.put("ack_concurrency", Arrays.stream(ackConcurrency).boxed().toList());
        json.put("ack_level_s", ackLevelSeconds);
        json.put("loop_users", Arrays.stream(loopUsers).boxed().toList());
        json.put("loop_settle_s", loopSettleSeconds);
        json.put("loop_level_s", loopLevelSeconds);
        json.put("steady_rate", steadyRate);
        json.put("steady_s", steadySeconds);
        json.put("limit_threads", Arrays.stream(limitThreads).boxed().toList());
        json.put("limit_warmup_s", limitWarmupSeconds);
        json.put("limit_level_s", limitLevelSeconds);
        json.put("anchor_clients", Arrays.stream(anchorClients).boxed().toList());
        json.put("drain_cap_s", drainCapSeconds);
        json.put("repeat_conversation_share", repeatShare);
        json.put("instances", instances);
        json.put("provider_mix", "twilio 40 %, meta 40 %, kommo 20 %");
        json.put("status_callbacks", "sent, delivered, read for every Twilio and Meta reply: sent at once, delivered "
                + StatusCallbacks.DELIVERED_AFTER_MS + " ms and read " + StatusCallbacks.READ_AFTER_MS + " ms later");
        return json;
    }
}
