package io.wagateway.bench;

import io.wagateway.bench.Conversations.Conversation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Inbound webhooks as the providers send them, signed: Twilio's form with {@code X-Twilio-Signature}
 * (HMAC-SHA1 over the URL and the sorted fields), Meta's notification with {@code X-Hub-Signature-256}
 * (HMAC-SHA256 of the body), Kommo's PHP-style form with the {@code secret} query parameter. Every
 * message has a new provider message id.
 */
final class Webhooks {

    /** A webhook ready to post, and the conversation whose reply it asks for. */
    record Webhook(Conversation conversation, Request request) {
    }

    /** What the gateway was given to check webhooks with (and the account fields Twilio and Meta send). */
    record Credentials(String twilioAccountSid, String twilioAuthToken, String twilioWhatsappFrom,
                       String metaAppSecret, String metaPhoneNumberId, String kommoWebhookSecret) {

        static Credentials bench() {
            return new Credentials(Secrets.TWILIO_ACCOUNT_SID, Secrets.TWILIO_AUTH_TOKEN, Secrets.TWILIO_WHATSAPP_FROM,
                    Secrets.META_APP_SECRET, Secrets.META_PHONE_NUMBER_ID, Secrets.KOMMO_WEBHOOK_SECRET);
        }
    }

    private final ThreadLocal<Mac> twilioMac;
    private final ThreadLocal<Mac> metaMac;
    private final Credentials credentials;
    private final String twilioUrl;
    private final int runTag;
    private final AtomicLong sequence = new AtomicLong();

    /** {@code publicBaseUrl}: the gateway's PUBLIC_BASE_URL, over which Twilio signs. */
    Webhooks(String publicBaseUrl, int runTag, Credentials credentials) {
        this.twilioUrl = publicBaseUrl + "/webhooks/twilio";
        this.runTag = runTag;
        this.credentials = credentials;
        this.twilioMac = ThreadLocal.withInitial(() -> mac("HmacSHA1", credentials.twilioAuthToken()));
        this.metaMac = ThreadLocal.withInitial(() -> mac("HmacSHA256", credentials.metaAppSecret()));
    }

    Webhook message(Conversation conversation) {
        long n = sequence.incrementAndGet();
        String text = "Hello, do you still have the blue one in size " + (n % 40 + 30) + "? Order " + n;
        Request request = switch (conversation.provider()) {
            case TWILIO -> twilio(conversation, String.format("SM%02d%030x", runTag, n), text);
            case META -> meta(conversation, String.format("wamid.BENCH%02d%020d", runTag, n), text);
            case KOMMO -> kommo(conversation, String.format("%08x-0000-4000-9000-%02d%010d", n >>> 40, runTag, n),
                    text);
        };
        return new Webhook(conversation, request);
    }

    private Request twilio(Conversation conversation, String sid, String text) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsMessageSid", sid);
        form.put("NumMedia", "0");
        form.put("ProfileName", "Bench User");
        form.put("MessageType", "text");
        form.put("SmsSid", sid);
        form.put("WaId", conversation.id());
        form.put("SmsStatus", "received");
        form.put("Body", text);
        form.put("To", credentials.twilioWhatsappFrom());
        form.put("NumSegments", "1");
        form.put("ReferralNumMedia", "0");
        form.put("MessageSid", sid);
        form.put("AccountSid", credentials.twilioAccountSid());
        form.put("From", "whatsapp:" + conversation.phone());
        form.put("ApiVersion", "2010-04-01");
        StringBuilder signed = new StringBuilder(twilioUrl);
        new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
        String signature = Base64.getEncoder().encodeToString(
                twilioMac.get().doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        return new Request("/webhooks/twilio", "application/x-www-form-urlencoded",
                new String[] {"X-Twilio-Signature", signature}, encode(form));
    }

    private Request meta(Conversation conversation, String wamid, String text) {
        String json = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":"
                + "[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
                + "\"15550783881\",\"phone_number_id\":\"" + credentials.metaPhoneNumberId() + "\"},\"contacts\":"
                + "[{\"profile\":{\"name\":\"Bench User\"},\"wa_id\":\"" + conversation.id() + "\"}],\"messages\":"
                + "[{\"from\":\"" + conversation.id() + "\",\"id\":\"" + wamid + "\",\"timestamp\":\""
                + System.currentTimeMillis() / 1000 + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text
                + "\"}}]},\"field\":\"messages\"}]}]}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=" + HexFormat.of().formatHex(metaMac.get().doFinal(body));
        return new Request("/webhooks/meta", "application/json", new String[] {"X-Hub-Signature-256", signature}, body);
    }

    /**
     * Twilio's status callback for a message it accepted: posted to the {@code StatusCallback} URL the
     * gateway gave with the send, signed over that URL and the sorted fields like every Twilio request.
     */
    Request twilioStatus(String callbackUrl, String messageSid, String to, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ChannelPrefix", "whatsapp");
        form.put("ApiVersion", "2010-04-01");
        form.put("MessageStatus", status);
        form.put("SmsSid", messageSid);
        form.put("SmsStatus", status);
        form.put("ChannelInstallSid", "XE00000000000000000000000000000000");
        form.put("To", to);
        form.put("From", credentials.twilioWhatsappFrom());
        form.put("MessageSid", messageSid);
        form.put("AccountSid", credentials.twilioAccountSid());
        form.put("ChannelToAddress", to.replace("whatsapp:", ""));
        StringBuilder signed = new StringBuilder(callbackUrl);
        new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
        String signature = Base64.getEncoder().encodeToString(
                twilioMac.get().doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        return new Request(java.net.URI.create(callbackUrl).getRawPath(), "application/x-www-form-urlencoded",
                new String[] {"X-Twilio-Signature", signature}, encode(form));
    }

    /** Meta's status notification for a message it accepted, signed with {@code X-Hub-Signature-256}. */
    Request metaStatus(String wamid, String recipientDigits, String status) {
        long now = System.currentTimeMillis() / 1000;
        String pricing = "read".equals(status) ? "" : ",\"conversation\":{\"id\":\"CONVERSATION_ID\","
                + "\"expiration_timestamp\":\"" + (now + 86_400) + "\",\"origin\":{\"type\":\"service\"}},"
                + "\"pricing\":{\"billable\":false,\"pricing_model\":\"CBP\",\"category\":\"service\"}";
        String json = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":"
                + "[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
                + "\"15550783881\",\"phone_number_id\":\"" + credentials.metaPhoneNumberId() + "\"},\"statuses\":"
                + "[{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + now
                + "\",\"recipient_id\":\"" + recipientDigits + "\"" + pricing + "}]},\"field\":\"messages\"}]}]}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=" + HexFormat.of().formatHex(metaMac.get().doFinal(body));
        return new Request("/webhooks/meta", "application/json", new String[] {"X-Hub-Signature-256", signature}, body);
    }

    private Request kommo(Conversation conversation, String id, String text) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("account[subdomain]", "benchshop");
        form.put("account[id]", "31579862");
        form.put("account[_links][self]", "https://benchshop.kommo.com");
        String prefix = "message[add][0]";
        form.put(prefix + "[id]", id);
        form.put(prefix + "[chat_id]", conversation.id());
        form.put(prefix + "[talk_id]", "166");
        form.put(prefix + "[contact_id]", "13311307");
        form.put(prefix + "[text]", text);
        form.put(prefix + "[created_at]", Long.toString(System.currentTimeMillis() / 1000));
        form.put(prefix + "[element_type]", "2");
        form.put(prefix + "[element_id]", "9000001");
        form.put(prefix + "[entity_type]", "lead");
        form.put(prefix + "[entity_id]", "9000001");
        form.put(prefix + "[type]", "incoming");
        form.put(prefix + "[author][id]", "aaac520b-1d81-49e1-bdd3-f43d34341544");
        form.put(prefix + "[author][type]", "external");
        form.put(prefix + "[author][name]", "Bench User");
        form.put(prefix + "[origin]", "waba");
        return new Request("/webhooks/kommo?secret=" + URLEncoder.encode(credentials.kommoWebhookSecret(),
                StandardCharsets.UTF_8), "application/x-www-form-urlencoded", new String[0], encode(form));
    }

    private static byte[] encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Mac mac(String algorithm, String secret) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
