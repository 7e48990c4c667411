package io.wagateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.wagateway.kommo.KommoWebhooks;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A redelivery storm: {@code storm.webhooks} (default 2,000) signed webhooks across Twilio, Meta and Kommo
 * from 16 client threads, one in five of them a redelivery of an earlier one: half posted at the same
 * instant as their original (the same bytes from two threads behind a barrier), half later, while the
 * replies are going out. Every distinct provider message id has its own conversation (phone or chat), so
 * each must end up as exactly one stored user message, one assistant row and one message sent to its
 * provider's fake. Webhooks arriving together share commits (io.wagateway.sql.GroupCommit): twins can be in the
 * same one.
 */
class RedeliveryStormTest extends GatewayIntegrationTest {

    private static final int WEBHOOKS = Integer.getInteger("storm.webhooks", 2000);
    private static final int THREADS = 16;

    /** One webhook as it goes over the wire, and the recipient its reply must reach. */
    private record Delivery(String provider, String messageId, String recipient, String path, String contentType,
                            byte[] body, String signatureHeader, String signature) {
    }

    @Autowired
    private MeterRegistry meters;

    private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void providersAccept() {
        ProviderFakes.graphAndKommoAccept();
    }

    @Test
    void oneInFiveWebhooksRedeliveredSomeConcurrentlyStillStoresAndAnswersEachMessageIdExactlyOnce()
            throws Exception {
        int redeliveries = WEBHOOKS / 5;
        int concurrentPairs = redeliveries / 2;
        int later = redeliveries - concurrentPairs;
        Random random = new Random(Long.getLong("storm.seed", 20261126L));
        List<Delivery> distinct = new ArrayList<>();
        for (int i = 0; i < WEBHOOKS - redeliveries; i++) {
            distinct.add(switch (i % 3) {
                case 0 -> twilio(i);
                case 1 -> meta(i);
                default -> kommo(i);
            });
        }
        // the originals, shuffled; the first concurrentPairs of them go out twice at the same instant
        List<Delivery> shuffled = new ArrayList<>(distinct);
        Collections.shuffle(shuffled, random);
        Set<Delivery> paired = new HashSet<>(shuffled.subList(0, concurrentPairs));
        List<Delivery> redelivered = new ArrayList<>();
        for (int r = 0; r < later; r++) {
            redelivered.add(distinct.get(random.nextInt(distinct.size())));
        }
        long started = System.nanoTime();

        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> posted = new ArrayList<>();
            for (Delivery delivery : shuffled) {
                if (paired.contains(delivery)) {
                    CyclicBarrier sameInstant = new CyclicBarrier(2);
                    posted.add(clients.submit(() -> postAtOnce(delivery, sameInstant)));
                    posted.add(clients.submit(() -> postAtOnce(delivery, sameInstant)));
                } else {
                    posted.add(clients.submit(() -> post(delivery)));
                }
            }
            for (Future<?> future : posted) {
                future.get(5, TimeUnit.MINUTES);
            }
            // later redeliveries, while the replies to the originals are still going out
            posted.clear();
            for (Delivery delivery : redelivered) {
                posted.add(clients.submit(() -> post(delivery)));
            }
            for (Future<?> future : posted) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        double webhookSeconds = (System.nanoTime() - started) / 1e9;

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                count("SELECT count(*) FROM reply_jobs") == 0
                        && count("SELECT count(*) FROM kommo_messages WHERE delivery_status = 'pending'") == 0
                        && sent() >= distinct.size());
        // nothing more arrives at the fakes: no late second reply
        workers().awaitRepliesSettled();
        assertThat(sent()).isEqualTo(distinct.size());
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<String, Long> storedById = jdbc.queryForList("SELECT provider_message_id FROM kommo_messages "
                + "WHERE role = 'user'", String.class).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Map<String, Long> replies = new TreeMap<>();
        replies.putAll(ProviderFakes.twilioRecipients());
        replies.putAll(ProviderFakes.graphRecipients());
        replies.putAll(ProviderFakes.kommoRecipients());
        Set<String> ids = distinct.stream().map(Delivery::messageId).collect(Collectors.toSet());
        Set<String> recipients = distinct.stream().map(Delivery::recipient).collect(Collectors.toSet());
        long duplicates = storedById.values().stream().mapToLong(n -> n - 1).sum()
                + replies.values().stream().mapToLong(n -> n - 1).sum();
        long losses = ids.stream().filter(id -> !storedById.containsKey(id)).count()
                + recipients.stream().filter(r -> !replies.containsKey(r)).count();
        DistributionSummary commits = meters.get("wagateway.commit.batch.size").summary();
        System.out.printf("RedeliveryStormTest: %d shared commits, %.1f webhooks per commit on average, %.0f at most%n",
                commits.count(), commits.mean(), commits.max());
        System.out.printf("RedeliveryStormTest: %d webhooks (%d twilio, %d meta, %d kommo distinct ids), %d distinct "
                        + "ids, %d redeliveries (%d concurrent pairs, %d later), %d stored, %d replies, %d duplicates, "
                        + "%d losses, answers %s, webhooks in %.1f s, all replies out after %.1f s%n",
                shuffled.size() + concurrentPairs + later, count(distinct, "twilio"), count(distinct, "meta"),
                count(distinct, "kommo"), distinct.size(), concurrentPairs + later, concurrentPairs, later,
                storedById.size(), replies.values().stream().mapToLong(Long::longValue).sum(), duplicates, losses,
                new TreeMap<>(statuses), webhookSeconds, seconds);

        assertThat(failures).isEmpty();
        // the webhooks arriving together shared commits (and the twins among them were still stored once)
        assertThat(commits.max()).isGreaterThan(1);
        assertThat(statuses).containsOnlyKeys(200);
        assertThat(statuses.get(200)).isEqualTo(WEBHOOKS);
        assertThat(storedById.keySet()).isEqualTo(ids);
        assertThat(storedById).allSatisfy((id, stored) -> assertThat(stored).as(id).isOne());
        assertThat(replies.keySet()).isEqualTo(recipients);
        assertThat(replies).allSatisfy((recipient, sent) -> assertThat(sent).as(recipient).isOne());
        assertThat(jdbc.queryForList("SELECT conversation_id FROM kommo_messages WHERE role = 'assistant' "
                + "GROUP BY conversation_id HAVING count(*) <> 1", String.class)).isEmpty();
        assertThat(count("SELECT count(*) FROM kommo_messages WHERE role = 'assistant' "
                + "AND delivery_status = 'accepted'")).isEqualTo(distinct.size());
        assertThat(count("SELECT count(*) FROM kommo_conversations")).isEqualTo(distinct.size());
    }

    private void postAtOnce(Delivery delivery, CyclicBarrier sameInstant) {
        try {
            sameInstant.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            failures.add(delivery.messageId() + ": its twin never came: " + e);
            return;
        }
        post(delivery);
    }

    private void post(Delivery delivery) {
        try {
            HttpResponse<String> answer = new Webhooks(port).post(delivery.path(), delivery.contentType(),
                    delivery.body(), delivery.signatureHeader(), delivery.signature());
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            if (answer.statusCode() != 200) {
                failures.add(delivery.provider() + " " + delivery.messageId() + ": " + answer.statusCode() + " "
                        + answer.body());
            }
        } catch (RuntimeException e) {
            failures.add(delivery.provider() + " " + delivery.messageId() + ": no answer: " + e);
        }
    }

    private static Delivery twilio(int i) {
        String phone = String.format("+1555%07d", i);
        String sid = String.format("SM%032x", i);
        Map<String, String> form = TwilioWebhooks.text(sid, phone, "storm message " + i);
        return new Delivery("twilio", sid, phone, Webhooks.TWILIO, Webhooks.FORM,
                TwilioWebhooks.encode(form).getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature",
                Webhooks.twilioSignature(Webhooks.TWILIO, form));
    }

    private static Delivery meta(int i) {
        String waId = String.format("1666%07d", i);
        String wamid = "wamid.storm" + i;
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"" + FakeProviders.META_PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":"
                + "{\"name\":\"Storm " + i + "\"},\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"from\":\"" + waId
                + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":"
                + "\"storm message " + i + "\"}}]},\"field\":\"messages\"}]}]}").getBytes(StandardCharsets.UTF_8);
        return new Delivery("meta", wamid, waId, Webhooks.META, Webhooks.JSON, body, "X-Hub-Signature-256",
                Webhooks.metaSignature(body));
    }

    private static Delivery kommo(int i) {
        String id = UUID.nameUUIDFromBytes(("kommo message " + i).getBytes(StandardCharsets.UTF_8)).toString();
        String chat = UUID.nameUUIDFromBytes(("kommo chat " + i).getBytes(StandardCharsets.UTF_8)).toString();
        Map<String, String> form = KommoWebhooks.message(0, id, chat, "incoming", "storm message " + i);
        return new Delivery("kommo", id, chat, Webhooks.KOMMO + Webhooks.kommoQuery(FakeProviders.KOMMO_WEBHOOK_SECRET),
                Webhooks.FORM, TwilioWebhooks.encode(form).getBytes(StandardCharsets.UTF_8), null, null);
    }

    private static int sent() {
        return ProviderFakes.twilioSends().size() + ProviderFakes.graphSends().size()
                + ProviderFakes.kommoSends().size();
    }

    private static long count(List<Delivery> deliveries, String provider) {
        return deliveries.stream().filter(d -> d.provider().equals(provider)).count();
    }
}
