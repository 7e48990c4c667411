package io.wagateway.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds Twilio inbound webhooks as Twilio sends them: form-encoded and signed. */
public final class TwilioWebhooks {

    private TwilioWebhooks() {
    }

    /** The fields of a plain text message from {@code phone}. */
    public static Map<String, String> text(String messageSid, String phone, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsMessageSid", messageSid);
        form.put("NumMedia", "0");
        form.put("ProfileName", "Maria Silva");
        form.put("MessageType", "text");
        form.put("SmsSid", messageSid);
        form.put("WaId", phone.substring(1));
        form.put("SmsStatus", "received");
        form.put("Body", body);
        form.put("To", FakeProviders.WHATSAPP_FROM);
        form.put("NumSegments", "1");
        form.put("MessageSid", messageSid);
        form.put("AccountSid", FakeProviders.ACCOUNT_SID);
        form.put("From", "whatsapp:" + phone);
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Twilio's algorithm: HMAC-SHA1 over the URL followed by every field name and value, sorted by name. */
    public static String sign(String url, Map<String, String> form, String authToken) {
        StringBuilder data = new StringBuilder(url);
        form.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> data.append(e.getKey()).append(e.getValue()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
