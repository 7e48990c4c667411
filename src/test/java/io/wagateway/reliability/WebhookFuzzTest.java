package io.wagateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.reliability.FuzzCase.Signing;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.webhook.FormBody;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile bodies against every webhook: at least {@code fuzz.cases} (default 1,000) per webhook,
 * from a fixed seed by default ({@code -Dfuzz.seed=random} for a new one; the seed is printed and can be given
 * back with {@code -Dfuzz.seed=...}). Most bodies carry a valid
 * signature for exactly their bytes, so they reach the parsers and the database; some carry none or a
 * forged one. Whatever arrives: no 5xx, no stack trace or Java class name in any answer, a refused body
 * stores nothing, an unsigned body is never accepted, and the gateway is still healthy afterwards.
 */
class WebhookFuzzTest extends GatewayIntegrationTest {

    private static final int LIMIT = 1024 * 1024;
    private static final int CASES = Integer.getInteger("fuzz.cases", 1000);
    /** The seed of every run, so that a build cannot fail by luck; {@code -Dfuzz.seed=random} explores. */
    private static final long DEFAULT_SEED = 20261205L;
    /** What an answer must never show: a stack trace, an exception's name, a Java package or source file. */
    private static final Pattern LEAK = Pattern.compile("(?i)exception|\\tat |\\.java:\\d|\\b(java|javax|jakarta|"
            + "org|com|io|sun|jdk)\\.[a-z0-9_]+\\.|StreamReadConstraints|StreamReadFeature|PSQL|SQLSTATE|\\bcaused by");
    /** The known outgoing message whose delivery status the status-callback bodies try to move. */
    private static final String KNOWN_SID = "SMfeedfacefeedfacefeedfacefeedface";

    private final Map<String, Map<Integer, Integer>> histograms = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    /** Milliseconds spent per webhook and strategy, to show where the time goes. */
    private final Map<String, Long> millisByKind = new ConcurrentHashMap<>();

    @Test
    void thousandsOfHostileBodiesPerWebhookGetNo5xxNoLeakStoreNothingWhenRefusedAndLeaveTheGatewayUp()
            throws Exception {
        long seed = seed();
        System.out.printf("WebhookFuzzTest: seed %d (repeat with -Dfuzz.seed=%d), %d bodies per webhook%n",
                seed, seed, CASES);
        knownOutgoingMessage();
        long started = System.nanoTime();

        HostileBodies statusBodies = new HostileBodies(seed + 1);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = List.of(
                    threads.submit(() -> fuzz(Webhooks.TWILIO, "twilio", new HostileBodies(seed)::twilio)),
                    threads.submit(() -> fuzz(Webhooks.TWILIO_STATUS, null,
                            i -> statusBodies.twilioStatus(i, KNOWN_SID))),
                    threads.submit(() -> fuzz(Webhooks.META, "meta", new HostileBodies(seed + 2)::meta)),
                    threads.submit(() -> fuzz(Webhooks.KOMMO, "kommo", new HostileBodies(seed + 3)::kommo)));
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        histograms.forEach((webhook, histogram) -> System.out.printf("WebhookFuzzTest: %-24s %5d bodies, status %s%n",
                webhook, histogram.values().stream().mapToInt(Integer::intValue).sum(), histogram));
        System.out.printf("WebhookFuzzTest: %.1f s, %d problems (seed %d); slowest strategies (ms in total): %s%n",
                seconds, problems.size(), seed, millisByKind.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6).toList());
        assertThat(problems).as("seed %d", seed).isEmpty();
        for (String webhook : List.of(Webhooks.TWILIO, Webhooks.TWILIO_STATUS, Webhooks.META, Webhooks.KOMMO)) {
            Map<Integer, Integer> histogram = histograms.get(webhook);
            assertThat(histogram.values().stream().mapToInt(Integer::intValue).sum()).as(webhook).isEqualTo(CASES);
            // the parsers were really reached: bodies got through to be stored, others were refused as bad
            assertThat(histogram).as(webhook).containsKeys(200, 400, 403);
        }
        assertHealthy();
        // what was accepted is answered before the next test starts
        await().atMost(Duration.ofMinutes(2)).until(() -> count("SELECT count(*) FROM reply_jobs")
                + count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'pending'") == 0);
    }

    /** {@code -Dfuzz.seed}: a number, or {@code random} for a new one (printed, to be given back); unset: fixed. */
    private static long seed() {
        String seed = System.getProperty("fuzz.seed", "");
        if (seed.isBlank()) {
            return DEFAULT_SEED;
        }
        return "random".equals(seed.strip()) ? System.nanoTime() : Long.parseLong(seed.strip());
    }

    @Test
    void tenMegabyteBodiesAreRefusedWith413WhetherDeclaredOrChunkedAndTheGatewayStaysUp() throws Exception {
        byte[] tenMegabytes = new byte[10 * LIMIT];
        java.util.Arrays.fill(tenMegabytes, (byte) 'a');
        List<String> paths = List.of(Webhooks.TWILIO, Webhooks.TWILIO_STATUS, Webhooks.META,
                Webhooks.KOMMO + Webhooks.kommoQuery(FakeProviders.KOMMO_WEBHOOK_SECRET));
        int answered = 0;
        for (String path : paths) {
            for (boolean chunked : new boolean[] {false, true}) {
                String type = path.equals(Webhooks.META) ? Webhooks.JSON : Webhooks.FORM;
                RawHttp.Answer answer = RawHttp.post(port, path, type, tenMegabytes, chunked,
                        "X-Hub-Signature-256", Webhooks.metaSignature(tenMegabytes));

                assertThat(answer.status()).as("%s chunked=%s", path, chunked).isEqualTo(413);
                assertThat(answer.body()).as(path).contains("\"error\":\"body too large\"");
                answered++;
            }
        }
        System.out.printf("WebhookFuzzTest: %d bodies of 10 MB, all 413%n", answered);
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertHealthy();
    }

    @Test
    void everySpellingOfAWebhookPathGetsTheBodyLimitAndNo5xx() throws Exception {
        byte[] overLimit = new byte[2 * LIMIT];
        java.util.Arrays.fill(overLimit, (byte) 'a');
        byte[] binary = new byte[4096];
        new java.util.Random(4096).nextBytes(binary);
        String secret = Webhooks.kommoQuery(FakeProviders.KOMMO_WEBHOOK_SECRET);
        Map<String, Integer> answers = new TreeMap<>();
        for (String path : List.of("//webhooks/twilio", "/webhooks//twilio", "/./webhooks/twilio", "/webhooks/./twilio",
                "/api/../webhooks/twilio", "/webhooks/x/../twilio", "/%77ebhooks/twilio", "/webhooks/%74wilio",
                "/webhooks/twilio;x=1", "/webhooks;x=1/twilio", "/webhooks/twilio/", "/WEBHOOKS/twilio",
                "/webhooks/twilio%2Fstatus", "/webhooks/meta;a=b", "/%77ebhooks/meta", "//webhooks/meta",
                "/webhooks/kommo;x=1" + secret, "/%77ebhooks/kommo" + secret, "/webhooks/./kommo" + secret)) {
            RawHttp.Answer tooLarge = RawHttp.post(port, path, Webhooks.FORM, overLimit, false);
            RawHttp.Answer garbage = RawHttp.post(port, path, Webhooks.FORM, binary, false,
                    "X-Hub-Signature-256", Webhooks.metaSignature(binary));
            answers.put(path, garbage.status());

            assertThat(tooLarge.status()).as(path).isIn(400, 404, 405, 413);
            assertThat(garbage.status()).as(path).isIn(400, 403, 404, 405);
            if (garbage.body().contains("{\"error\":\"")) {
                // a webhook route answered it: then the body limit applied to it as well
                assertThat(tooLarge.status()).as(path).isEqualTo(413);
            }
            assertThat(LEAK.matcher(tooLarge.body() + garbage.body()).find()).as(path).isFalse();
        }
        System.out.printf("WebhookFuzzTest: binary body by path spelling: %s%n", answers);
        assertThat(count("SELECT count(*) FROM kommo_messages")).isZero();
        assertHealthy();
    }

    private void fuzz(String webhook, String provider, IntFunction<FuzzCase> cases) {
        Webhooks webhooks = new Webhooks(port);
        Map<Integer, Integer> histogram = histograms.computeIfAbsent(webhook, w -> new TreeMap<>());
        for (int i = 0; i < CASES; i++) {
            FuzzCase fuzz = cases.apply(i);
            Object before = stored(provider);
            HttpResponse<String> answer;
            long sent = System.nanoTime();
            try {
                answer = post(webhooks, fuzz);
            } catch (RuntimeException e) {
                problems.add(fuzz + " -> no answer: " + e.getCause());
                continue;
            }
            millisByKind.merge(webhook + " " + fuzz.kind(), (System.nanoTime() - sent) / 1_000_000, Long::sum);
            synchronized (histogram) {
                histogram.merge(answer.statusCode(), 1, Integer::sum);
            }
            check(fuzz, answer, before, stored(provider));
        }
    }

    private void check(FuzzCase fuzz, HttpResponse<String> answer, Object before, Object after) {
        int status = answer.statusCode();
        String problem = null;
        if (status >= 500) {
            problem = "answered " + status;
        } else if (LEAK.matcher(answer.body()).find()) {
            problem = "answer leaks internals";
        } else if (fuzz.body().length > LIMIT && status != 413) {
            problem = "over the limit but answered " + status;
        } else if (fuzz.body().length <= LIMIT && status == 413) {
            problem = "under the limit but answered 413";
        } else if (fuzz.signing() != Signing.VALID && status < 400) {
            problem = "accepted without a valid signature";
        } else if (status >= 400 && !Objects.equals(before, after)) {
            problem = "refused with " + status + " but stored: " + before + " -> " + after;
        } else if (status >= 400 && !(answer.body().startsWith("{\"error\":\"")
                && answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"))) {
            problem = "refused without the JSON error";
        } else if (status != 200 && status != 400 && status != 403 && status != 413) {
            problem = "unexpected status " + status;
        }
        if (problem != null) {
            problems.add(fuzz + " -> " + problem + ": " + abbreviate(answer.body()));
        }
    }

    private HttpResponse<String> post(Webhooks webhooks, FuzzCase fuzz) {
        return switch (fuzz.webhook()) {
            case Webhooks.META -> webhooks.post(Webhooks.META, fuzz.contentType(), fuzz.body(), "X-Hub-Signature-256",
                    switch (fuzz.signing()) {
                        case VALID -> Webhooks.metaSignature(fuzz.body());
                        case FORGED -> io.wagateway.meta.MetaSignatureVerifier.sign(fuzz.body(), "forged-secret");
                        case NONE -> null;
                    });
            case Webhooks.KOMMO -> webhooks.post(Webhooks.KOMMO + switch (fuzz.signing()) {
                case VALID -> Webhooks.kommoQuery(FakeProviders.KOMMO_WEBHOOK_SECRET);
                case FORGED -> Webhooks.kommoQuery(FakeProviders.KOMMO_WEBHOOK_SECRET + "x");
                case NONE -> "";
            }, fuzz.contentType(), fuzz.body());
            default -> webhooks.post(fuzz.webhook(), fuzz.contentType(), fuzz.body(), "X-Twilio-Signature",
                    switch (fuzz.signing()) {
                        case VALID -> Webhooks.twilioSignature(fuzz.webhook(), fieldsOf(fuzz.body()));
                        case FORGED -> Webhooks.twilioSignature(fuzz.webhook() + "/forged", fieldsOf(fuzz.body()));
                        case NONE -> null;
                    });
        };
    }

    /** The fields Twilio would have signed: those of the body, when it is a form at all. */
    private static Map<String, String> fieldsOf(byte[] body) {
        try {
            return FormBody.parse(body);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * What a webhook of {@code provider} can have stored: its user messages, its agents' messages and its
     * conversations; for the status callback, the delivery fields of the known outgoing message.
     */
    private Object stored(String provider) {
        if (provider == null) {
            return jdbc.queryForMap("SELECT delivery_status, delivery_error_code, delivery_error, delivery_updated_at "
                    + "FROM kommo_messages WHERE provider_message_id = ?", KNOWN_SID);
        }
        return List.of(
                count("SELECT count(*) FROM kommo_messages WHERE provider = ? AND (role = 'user' "
                        + "OR metadata ->> 'author' = 'agent')", provider),
                count("SELECT count(*) FROM kommo_conversations WHERE provider = ?", provider));
    }

    private void knownOutgoingMessage() {
        java.util.UUID conversation = twilioConversation("+15550009999", "1 hour");
        jdbc.update("""
                INSERT INTO kommo_messages (conversation_id, provider, provider_message_id, role, content,
                                            delivery_status, delivery_updated_at)
                VALUES (?, 'twilio', ?, 'assistant', 'known reply', 'accepted', now())""", conversation, KNOWN_SID);
    }

    private void assertHealthy() {
        HttpResponse<String> health = new Webhooks(port).get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }
}
