package io.wagateway.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /actuator/prometheus} (as the admin), read sample by sample. */
public final class PrometheusScrape {

    public static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            ("admin:" + GatewayIntegrationTest.API_TOKEN).getBytes(StandardCharsets.UTF_8));
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final String text;

    private PrometheusScrape(String text) {
        this.text = text;
    }

    public static PrometheusScrape of(int port) {
        HttpResponse<String> response = GatewayIntegrationTest.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", ADMIN).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
        }
        return new PrometheusScrape(response.body());
    }

    public String text() {
        return text;
    }

    /**
     * The sum of the samples named {@code name} whose labels include {@code labels} (name=value pairs);
     * 0 when there is none (a series that does not exist yet has not counted anything).
     */
    public double value(String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> have = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    have.put(label.group(1), label.group(2));
                }
            }
            if (have.entrySet().containsAll(wanted.entrySet())) {
                sum += Double.parseDouble(sample.group(4));
            }
        }
        return sum;
    }

    /** Whether any sample is named {@code name}. */
    public boolean has(String name) {
        return text.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
    }
}
