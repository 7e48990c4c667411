package io.wagateway.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The AI (OpenAI chat completions), Twilio, Graph API and Kommo Chats API the gateway calls, each a JDK
 * {@link HttpServer} on 127.0.0.1 that answers at once, like the real service would when all is well.
 * WireMock would keep a request journal and match stubs per request; this does only what the benchmark
 * needs (answer, and count each reply by recipient), so thousands of requests per second cost little.
 */
final class FakeOutsideWorld implements AutoCloseable {

    static final String AI_ANSWER = "Yes, we have it in stock in every size. Would you like me to reserve one for you?";

    private final ReplyLedger replies = new ReplyLedger();
    private final LongAdder aiCalls = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder typingCalls = new LongAdder();
    private final AtomicLong ids = new AtomicLong();
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final HttpServer ai;
    private final HttpServer twilio;
    private final HttpServer graph;
    private final HttpServer kommo;
    private volatile StatusCallbacks statuses;

    FakeOutsideWorld() throws IOException {
        ai = start("ai", this::ai);
        twilio = start("twilio", this::twilio);
        graph = start("graph", this::graph);
        kommo = start("kommo", this::kommo);
    }

    /** From now on, every message Twilio or the Graph API accepts gets its status callbacks from {@code callbacks}. */
    void sendStatuses(StatusCallbacks callbacks) {
        this.statuses = callbacks;
    }

    ReplyLedger replies() {
        return replies;
    }

    long aiCalls() {
        return aiCalls.sum();
    }

    /** Read receipts with typing indicator (Meta) and typing indicators (Twilio) the gateway sent. */
    long typingCalls() {
        return typingCalls.sum();
    }

    /** Requests none of the fakes expected (wrong path or method, or no recipient): should stay 0. */
    long unexpectedRequests() {
        return unexpected.sum();
    }

    String aiBaseUrl() {
        return base(ai) + "/v1";
    }

    String twilioBaseUrl() {
        return base(twilio);
    }

    String graphBaseUrl() {
        return base(graph);
    }

    String kommoBaseUrl() {
        return base(kommo);
    }

    private Answer ai(String path, String body) {
        if (!path.endsWith("/chat/completions")) {
            return null;
        }
        aiCalls.increment();
        return Answer.json(200, "{\"id\":\"chatcmpl-" + ids.incrementAndGet() + "\",\"object\":\"chat.completion\","
                + "\"created\":" + System.currentTimeMillis() / 1000 + ",\"model\":\"" + Secrets.AI_MODEL + "\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + AI_ANSWER + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":17,"
                + "\"total_tokens\":59}}");
    }

    private Answer twilio(String path, String body) {
        if (path.equals("/v2/Indicators/Typing.json") && formField(body, "messageId") != null) {
            typingCalls.increment();
            return Answer.json(200, "{\"success\":true}");
        }
        String to = formField(body, "To");
        if (!path.equals("/2010-04-01/Accounts/" + Secrets.TWILIO_ACCOUNT_SID + "/Messages.json") || to == null) {
            return null;
        }
        replies.record("twilio:" + digits(to));
        String sid = String.format("SMfa%030x", ids.incrementAndGet());
        StatusCallbacks callbacks = statuses;
        if (callbacks != null) {
            callbacks.twilioAccepted(formField(body, "StatusCallback"), sid, to);
        }
        return Answer.json(201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"account_sid\":\""
                + Secrets.TWILIO_ACCOUNT_SID + "\",\"api_version\":\"2010-04-01\",\"direction\":\"outbound-api\","
                + "\"num_media\":\"0\",\"num_segments\":\"1\",\"date_created\":\"Thu, 26 Nov 2026 10:00:00 +0000\","
                + "\"date_updated\":\"Thu, 26 Nov 2026 10:00:00 +0000\"}");
    }

    private Answer graph(String path, String body) {
        if (!path.equals("/" + Secrets.META_API_VERSION + "/" + Secrets.META_PHONE_NUMBER_ID + "/messages")) {
            return null;
        }
        if ("read".equals(jsonString(body, "status")) && jsonString(body, "message_id") != null) {
            typingCalls.increment();
            return Answer.json(200, "{\"success\":true}");
        }
        String to = jsonString(body, "to");
        if (to == null) {
            return null;
        }
        replies.record("meta:" + digits(to));
        String wamid = "wamid.FAKE" + String.format("%030d", ids.incrementAndGet());
        StatusCallbacks callbacks = statuses;
        if (callbacks != null) {
            callbacks.metaAccepted(wamid, digits(to));
        }
        return Answer.json(200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to
                + "\",\"wa_id\":\"" + digits(to) + "\"}],\"messages\":[{\"id\":\"" + wamid + "\"}]}");
    }

    private Answer kommo(String path, String body) {
        String chat = jsonString(body, "conversation_ref_id");
        if (!path.equals("/v2/origin/custom/" + Secrets.KOMMO_SCOPE_ID) || chat == null) {
            return null;
        }
        replies.record("kommo:" + chat);
        long n = ids.incrementAndGet();
        return Answer.json(200, "{\"new_message\":{\"conversation_id\":\"bench-" + chat + "\","
                + "\"sender_id\":\"bench-bot\",\"receiver_id\":\"bench-client\","
                + "\"msgid\":\"" + String.format("fa000000-0000-4000-8000-%012d", n)
                + "\",\"ref_id\":\"bench-ref-" + n + "\"}}");
    }

    private record Answer(int status, byte[] body) {
        static Answer json(int status, String body) {
            return new Answer(status, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private HttpServer start(String name, java.util.function.BiFunction<String, String, Answer> answer)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        ExecutorService executor = Executors.newFixedThreadPool(4, ThreadConnections.daemons("fake-" + name));
        server.setExecutor(executor);
        server.createContext("/", handler(answer));
        server.start();
        servers.add(server);
        executors.add(executor);
        return server;
    }

    private HttpHandler handler(java.util.function.BiFunction<String, String, Answer> answer) {
        return exchange -> {
            try (exchange) {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Answer reply = "POST".equals(exchange.getRequestMethod())
                        ? answer.apply(exchange.getRequestURI().getPath(), body) : null;
                if (reply == null) {
                    unexpected.increment();
                    reply = Answer.json(404, "{\"error\":\"not faked\"}");
                }
                send(exchange, reply);
            }
        };
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private static String base(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The value of the first {@code "key":"value"} in a JSON text (the fakes need no more than that). */
    private static String jsonString(String json, String key) {
        String marker = "\"" + key + "\":\"";
        int start = json.indexOf(marker);
        if (start < 0) {
            marker = "\"" + key + "\" : \"";
            start = json.indexOf(marker);
        }
        if (start < 0) {
            return null;
        }
        start += marker.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    private static String digits(String address) {
        StringBuilder digits = new StringBuilder(address.length());
        for (char c : address.toCharArray()) {
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
        executors.forEach(ExecutorService::shutdownNow);
    }
}
