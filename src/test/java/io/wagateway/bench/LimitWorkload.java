package io.wagateway.bench;

import io.wagateway.bench.Conversations.Conversation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway asks of PostgreSQL for one message, statement by statement and transaction by
 * transaction, with the gateway's own SQL files (read from {@code src/main/resources/sql}). This mirrors
 * the routes as they are; when they change, change it with them:
 * <ol>
 * <li>webhook, one transaction ({@code conversation-save-tx}): find-or-create the conversation of the
 *     provider, insert the user message, release queued messages, request a reply job;</li>
 * <li>reply worker ({@code reply-worker}, {@code generate-reply}), each statement on its own: claim a
 *     job (with its conversation's provider and status), read its history; then store the reply in one statement
 *     ({@code store-reply}: fence the claim, insert the outgoing reply, finish the job);</li>
 * <li>send worker ({@code send-worker}, {@code send-reply}), each on its own: claim the outgoing
 *     message, record the provider's answer (and touch the conversation, in the same statement).</li>
 * </ol>
 * The AI and provider calls are left out: they are not PostgreSQL's work. So are the empty claims that
 * end each worker's drain loop, and the periodic statements that are not per message (polls, lease
 * renewals, expiry). A reply debounce is waiting, not work: the limit binds it as 0, so a job is due
 * at once.
 */
final class LimitWorkload implements LimitRun.Workload {

    /** What one message did: how long its webhook transaction took, whether a reply was stored and sent. */
    record Outcome(long inboundNanos, boolean replied, boolean sent) {
    }

    private final SqlFile findOrCreateWhatsapp;
    private final SqlFile findOrCreateKommo;
    private final SqlFile saveInbound;
    private final SqlFile claimJob;
    private final SqlFile history;
    private final SqlFile storeReply;
    private final SqlFile finishJob;
    private final SqlFile claimOutgoing;
    private final SqlFile recordDelivery;
    private final Conversations conversations;
    private final int historyLimit;
    private final int leaseSeconds;
    private final AtomicLong sequence = new AtomicLong();
    private final int runTag;

    LimitWorkload(Path sqlRoot, Conversations conversations, int runTag, int historyLimit, int leaseSeconds)
            throws IOException {
        this.findOrCreateWhatsapp = SqlFile.load(sqlRoot, "kommo_conversations/find-or-create-whatsapp");
        this.findOrCreateKommo = SqlFile.load(sqlRoot, "kommo_conversations/find-or-create-kommo");
        this.saveInbound = SqlFile.load(sqlRoot, "kommo_messages/save-inbound");
        this.claimJob = SqlFile.load(sqlRoot, "reply_jobs/claim");
        this.history = SqlFile.load(sqlRoot, "kommo_messages/history");
        this.storeReply = SqlFile.load(sqlRoot, "kommo_messages/store-reply");
        this.finishJob = SqlFile.load(sqlRoot, "reply_jobs/finish");
        this.claimOutgoing = SqlFile.load(sqlRoot, "kommo_messages/claim-outgoing");
        this.recordDelivery = SqlFile.load(sqlRoot, "kommo_messages/record-delivery");
        this.conversations = conversations;
        this.runTag = runTag;
        this.historyLimit = historyLimit;
        this.leaseSeconds = leaseSeconds;
    }

    /** The statements of one message, by transaction, for the report. */
    String shape() {
        return "tx{find-or-create, save-inbound} + claim + history"
                + " + store-reply"
                + " + claim-outgoing + record-delivery";
    }

    @Override
    public Outcome message(Connection connection, String workerId) throws SQLException {
        long start = System.nanoTime();
        receive(connection, conversations.next());
        long inbound = System.nanoTime() - start;
        boolean replied = reply(connection, workerId);
        boolean sent = send(connection, workerId);
        return new Outcome(inbound, replied, sent);
    }

    private void receive(Connection connection, Conversation conversation) throws SQLException {
        Map<String, Object> message = canonical(conversation);
        message.put("debounceMs", 0);
        message.put("debounceMaxMs", 0);
        // text-only traffic, as the gateway's own benchmark sends
        message.put("media", "[]");
        inTransaction(connection, () -> {
            SqlFile findOrCreate = switch (conversation.provider()) {
                case TWILIO, META -> findOrCreateWhatsapp;
                case KOMMO -> findOrCreateKommo;
            };
            message.put("conversationId", findOrCreate.execute(connection, message).get("id"));
            message.put("messageId", saveInbound.execute(connection, message).get("messageId"));
        });
    }

    private boolean reply(Connection connection, String workerId) throws SQLException {
        Map<String, Object> job = new HashMap<>();
        job.put("leaseSeconds", leaseSeconds);
        job.put("workerId", workerId);
        Map<String, Object> claimed = claimJob.execute(connection, job);
        if (claimed == null) {
            return false;
        }
        job.putAll(claimed);
        if (!"active".equals(claimed.get("status"))) {
            finishJob.execute(connection, job);
            return false;
        }
        job.put("historyLimit", historyLimit);
        job.put("mediaWaitMs", 30_000);
        history.executeAll(connection, job);
        job.put("parts", "[\"" + FakeOutsideWorld.AI_ANSWER + "\"]");
        job.put("metadata", "{\"author\":\"assistant\",\"inReplyTo\":\"" + job.get("correlationId") + "\"}");
        if (storeReply.execute(connection, job) == null) {
            throw new IllegalStateException("the claim of job " + job.get("conversationId") + " was lost");
        }
        return true;
    }

    private boolean send(Connection connection, String workerId) throws SQLException {
        Map<String, Object> outgoing = new HashMap<>();
        outgoing.put("leaseSeconds", leaseSeconds);
        outgoing.put("workerId", workerId);
        Map<String, Object> claimed = claimOutgoing.execute(connection, outgoing);
        if (claimed == null) {
            return false;
        }
        outgoing.putAll(claimed);
        outgoing.put("deliveryStatus", "accepted");
        outgoing.put("providerMessageId", String.format("SMlim%02d%027x", runTag, sequence.incrementAndGet()));
        outgoing.put("deliveryErrorCode", null);
        outgoing.put("deliveryError", null);
        outgoing.put("metadataPatch", null);
        recordDelivery.execute(connection, outgoing);
        return true;
    }

    /** The canonical message as the SQL component sees it (io.wagateway.sql.SqlParameters). */
    private Map<String, Object> canonical(Conversation conversation) {
        long n = sequence.incrementAndGet();
        Map<String, Object> message = new HashMap<>();
        message.put("provider", conversation.provider().id);
        message.put("phone", conversation.phone());
        message.put("userId", null);
        message.put("username", null);
        message.put("parentUserId", null);
        message.put("kommoChatId", conversation.provider() == Conversations.Provider.KOMMO ? conversation.id() : null);
        message.put("contactName", "Bench User");
        message.put("messageType", "text");
        message.put("text", "Hello, do you still have the blue one in size " + (n % 40 + 30) + "? Order " + n);
        switch (conversation.provider()) {
            case TWILIO -> {
                message.put("providerMessageId", String.format("SMlm%02d%030x", runTag, n));
                message.put("metadata", "{\"waId\":\"" + conversation.id() + "\",\"numSegments\":\"1\"}");
            }
            case META -> {
                message.put("providerMessageId", String.format("wamid.LIMIT%02d%020d", runTag, n));
                message.put("metadata", "{\"waId\":\"" + conversation.id() + "\",\"phoneNumberId\":\""
                        + Secrets.META_PHONE_NUMBER_ID + "\",\"displayPhoneNumber\":\"15550783881\"}");
            }
            case KOMMO -> {
                message.put("providerMessageId", String.format("%08x-0000-4000-a000-%02d%010d", n >>> 40, runTag, n));
                message.put("metadata", "{\"direction\":\"incoming\",\"talkId\":\"166\",\"contactId\":\"13311307\","
                        + "\"entityId\":\"9000001\",\"entityType\":\"lead\",\"origin\":\"waba\","
                        + "\"accountId\":\"31579862\",\"accountSubdomain\":\"benchshop\","
                        + "\"authorName\":\"Bench User\"}");
            }
        }
        return message;
    }

    interface Work {
        void run() throws SQLException;
    }

    /** As Spring's transaction manager does it: auto-commit off, the work, commit (or rollback), auto-commit on. */
    static void inTransaction(Connection connection, Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
