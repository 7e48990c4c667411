package io.wagateway.support;

import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.meta.MetaSignatureVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;

/**
 * One user's text message as its provider delivers it: a signed Twilio form, a signed Meta notification
 * or a Kommo account webhook with the secret, each from its own sender (so each is its own conversation).
 *
 * @param sender Twilio: {@code +1555...}; Meta: the {@code wa_id} {@code 1556...}; Kommo: the chat id
 */
public record InboundMessage(String provider, String messageId, String sender, String text) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(60);

    /**
     * {@code count} messages of distinct senders, Twilio, Meta and Kommo in turn. {@code first} numbers the
     * senders, so that two batches of one test (from 0 and from 1000) never share a conversation.
     */
    public static List<InboundMessage> mix(String run, int first, int count) {
        List<InboundMessage> messages = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String text = "question " + i + " of " + run;
            String unique = run + "-" + i;
            switch (i % 3) {
                case 0 -> messages.add(new InboundMessage("twilio",
                        "SM" + UUID.nameUUIDFromBytes(unique.getBytes(StandardCharsets.UTF_8)).toString()
                                .replace("-", ""),
                        String.format("+1555%07d", i), text));
                case 1 -> messages.add(new InboundMessage("meta", "wamid." + unique,
                        String.format("1556%07d", i), text));
                default -> messages.add(new InboundMessage("kommo",
                        UUID.nameUUIDFromBytes(("message " + unique).getBytes(StandardCharsets.UTF_8)).toString(),
                        UUID.nameUUIDFromBytes(("chat " + unique).getBytes(StandardCharsets.UTF_8)).toString(), text));
            }
        }
        return messages;
    }

    /**
     * Posts every message, at most {@code parallelism} at a time (a provider delivers over a few connections,
     * not all at once), message {@code i} to the gateway on {@code portOf.applyAsInt(i)}; the status codes,
     * in order.
     */
    public static List<Integer> postAll(List<InboundMessage> messages, IntUnaryOperator portOf, int parallelism) {
        ExecutorService senders = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                InboundMessage message = messages.get(i);
                int port = portOf.applyAsInt(i);
                answers.add(senders.submit(() -> message.post(port).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            senders.shutdownNow();
        }
    }

    /** Who the provider sees the reply go to, as {@link ProviderSends#perRecipient()} counts it. */
    public String recipient() {
        return provider + ":" + sender;
    }

    /** Posts it to the gateway on {@code port} and waits for the answer. */
    public HttpResponse<String> post(int port) {
        return postAsync(port).join();
    }

    public CompletableFuture<HttpResponse<String>> postAsync(int port) {
        return HTTP.sendAsync(request(port), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest request(int port) {
        return switch (provider) {
            case "twilio" -> twilio(port);
            case "meta" -> meta(port);
            default -> kommo(port);
        };
    }

    private HttpRequest twilio(int port) {
        Map<String, String> form = TwilioWebhooks.text(messageId, sender, text);
        String signature = TwilioWebhooks.sign(GatewayIntegrationTest.PUBLIC_BASE_URL + "/webhooks/twilio", form,
                FakeProviders.AUTH_TOKEN);
        return builder(port, "/webhooks/twilio", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(TwilioWebhooks.encode(form))).build();
    }

    private HttpRequest meta(int port) {
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
                + "\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + FakeProviders.META_PHONE_NUMBER_ID
                + "\"},\"contacts\":[{\"profile\":{\"name\":\"Ana\"},\"wa_id\":\"" + sender + "\"}],"
                + "\"messages\":[{\"from\":\"" + sender + "\",\"id\":\"" + messageId + "\","
                + "\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]},"
                + "\"field\":\"messages\"}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        return builder(port, "/webhooks/meta", "application/json")
                .header("X-Hub-Signature-256", MetaSignatureVerifier.sign(body, FakeProviders.META_APP_SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest kommo(int port) {
        Map<String, String> form = KommoWebhooks.message(0, messageId, sender, "incoming", text);
        return builder(port, "/webhooks/kommo?secret=" + FakeProviders.KOMMO_WEBHOOK_SECRET,
                "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TwilioWebhooks.encode(form))).build();
    }

    private static HttpRequest.Builder builder(int port, String pathAndQuery, String contentType) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(ANSWER_LIMIT)
                .header("Content-Type", contentType);
    }
}
