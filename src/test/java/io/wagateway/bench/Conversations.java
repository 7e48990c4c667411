package io.wagateway.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where the next message comes from: mostly a new conversation (a new phone or Kommo chat), sometimes
 * one that wrote recently. Providers are mixed 40 % Twilio, 40 % Meta, 20 % Kommo. Identifiers carry a
 * namespace digit and a run tag, so the gateway's load and the limit's JDBC load never share a
 * conversation, and two runs against one external database rarely do.
 */
final class Conversations {

    enum Provider {
        TWILIO("twilio"), META("meta"), KOMMO("kommo");

        final String id;

        Provider(String id) {
            this.id = id;
        }
    }

    /** A conversation as the fakes see its replies: Twilio/Meta by phone digits, Kommo by chat id. */
    record Conversation(Provider provider, String id) {

        /** The E.164 phone of a Twilio or Meta conversation. */
        String phone() {
            return provider == Provider.KOMMO ? null : "+" + id;
        }

        String recipient() {
            return provider.id + ":" + id;
        }
    }

    private static final int RECENT = 2048;

    private final int namespace;
    private final int runTag;
    private final double repeatShare;
    private final AtomicLong created = new AtomicLong();
    private final AtomicReferenceArray<Conversation> recent = new AtomicReferenceArray<>(RECENT);

    /** {@code namespace} 0-9 separates workloads; {@code runTag} 0-99 separates runs. */
    Conversations(int namespace, int runTag, double repeatShare) {
        this.namespace = namespace;
        this.runTag = runTag;
        this.repeatShare = repeatShare;
    }

    double repeatShare() {
        return repeatShare;
    }

    /** A recent conversation with probability {@code repeatShare}, else a new one. */
    Conversation next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long made = created.get();
        if (made > 0 && random.nextDouble() < repeatShare) {
            Conversation again = recent.get((int) (random.nextLong(Math.min(made, RECENT))));
            if (again != null) {
                return again;
            }
        }
        return fresh();
    }

    Conversation fresh() {
        long n = created.getAndIncrement();
        int pick = ThreadLocalRandom.current().nextInt(10);
        Provider provider = pick < 4 ? Provider.TWILIO : pick < 8 ? Provider.META : Provider.KOMMO;
        Conversation conversation = provider == Provider.KOMMO
                ? new Conversation(provider, String.format("b%07d-0000-4000-8000-%02d%010d", namespace, runTag, n))
                : new Conversation(provider, String.format("4420%d%02d%07d", namespace, runTag, n));
        recent.set((int) (n % RECENT), conversation);
        return conversation;
    }
}
