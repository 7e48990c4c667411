package io.wagateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake OpenAI-compatible chat API that answers slowly and that the test can hold: while held, no answer
 * leaves it, so a test knows for certain that no reply can be stored or sent while it kills a process or
 * stops the database. Each gateway gets its own base URL ({@code /<instance>/v1}), so the requests of each
 * instance are counted apart.
 */
public final class GatedAi implements AutoCloseable {

    public static final String ANSWER = "Thanks for writing, we are on it.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Gate gate = new Gate();
    private final WireMockServer server;

    private GatedAi() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(60)
                .extensions(gate));
        server.start();
        server.stubFor(post(urlPathMatching(".*/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764150000,"
                        + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"" + ANSWER + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}")));
    }

    /** Answers every request after {@code delay}, or later while held. */
    public static GatedAi start(Duration delay) {
        GatedAi ai = new GatedAi();
        ai.delay(delay);
        return ai;
    }

    public void delay(Duration delay) {
        gate.delayMs = delay.toMillis();
    }

    /** The base URL ({@code AI_BASE_URL}) for one gateway instance. */
    public String baseUrl(String instance) {
        return "http://127.0.0.1:" + server.port() + "/" + instance + "/v1";
    }

    /** From now on no answer leaves (requests already past the delay and answered are not recalled). */
    public void hold() {
        synchronized (gate) {
            gate.held = true;
        }
    }

    /** Lets the held answers go. */
    public void release() {
        synchronized (gate) {
            gate.held = false;
            gate.notifyAll();
        }
    }

    /** Answers that left so far (all instances). While held, this number cannot change. */
    public int answered() {
        synchronized (gate) {
            return gate.answered;
        }
    }

    /** Requests of {@code instance} received so far. */
    public int received(String instance) {
        return gate.received.computeIfAbsent(instance, i -> new AtomicInteger()).get();
    }

    /** Requests of {@code instance} received and not answered yet (waiting out the delay or held). */
    public int waiting(String instance) {
        return waitingQuestions(instance).size();
    }

    /** The user message each waiting request of {@code instance} is about (the last message of its chat). */
    public List<String> waitingQuestions(String instance) {
        return gate.inside.stream().filter(request -> request.instance.equals(instance))
                .map(request -> request.question).toList();
    }

    public int receivedTotal() {
        return gate.received.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The next requests are answered with these texts, one each in the order they arrive; then with ANSWER. */
    public void answerInTurn(String... texts) {
        gate.answers.addAll(List.of(texts));
    }

    /** The chat requests answered so far (all instances), oldest first. */
    public List<LoggedRequest> requests() {
        return server.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")));
    }

    /** The gate open, no request received yet, no answer text waiting: as started. */
    public void reset() {
        synchronized (gate) {
            gate.held = false;
            gate.answered = 0;
            gate.notifyAll();
        }
        gate.answers.clear();
        gate.received.clear();
        server.resetRequests();
    }

    @Override
    public void close() {
        release();
        server.stop();
    }

    /** One request inside the gate; identity matters, not the fields (the same question may be asked twice). */
    private static final class Waiting {

        private final String instance;
        private final String question;

        private Waiting(String instance, String question) {
            this.instance = instance;
            this.question = question;
        }
    }

    /** Runs on WireMock's request thread, before the answer is written: the delay, then the gate. */
    private static final class Gate implements ResponseDefinitionTransformerV2 {

        private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        private final Set<Waiting> inside = ConcurrentHashMap.newKeySet();
        private final Queue<String> answers = new ConcurrentLinkedQueue<>();
        private volatile long delayMs;
        private boolean held;
        private int answered;

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String instance = event.getRequest().getUrl().replaceFirst("^/([^/]*)/.*$", "$1");
            received.computeIfAbsent(instance, i -> new AtomicInteger()).incrementAndGet();
            String answer = answers.poll();
            Waiting request = new Waiting(instance, lastMessage(event));
            inside.add(request);
            try {
                long until = System.nanoTime() + Duration.ofMillis(delayMs).toNanos();
                synchronized (this) {
                    for (long left = until - System.nanoTime(); held || left > 0; left = until - System.nanoTime()) {
                        // waiting on the monitor, not sleeping: release() wakes a held answer at once
                        wait(held ? 0 : Math.max(1, left / 1_000_000));
                    }
                    answered++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.remove(request);
            }
            return answer == null ? event.getResponseDefinition() : FakeProviders.aiAnswer(answer).build();
        }

        private static String lastMessage(ServeEvent event) {
            try {
                JsonNode messages = JSON.readTree(event.getRequest().getBodyAsString()).path("messages");
                return messages.path(messages.size() - 1).path("content").asText();
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public String getName() {
            return "ai-gate";
        }
    }
}
