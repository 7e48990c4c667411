package io.wagateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioStatusCallbackTest extends GatewayIntegrationTest {

    private static final String PATH = "/webhooks/twilio/status";
    private String sid;

    @BeforeEach
    void aReplyWasSent() {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000000031", "+15550002222", "hi"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM kommo_messages WHERE role = 'assistant' AND delivery_status = 'accepted'") == 1);
        sid = jdbc.queryForObject("SELECT provider_message_id FROM kommo_messages WHERE role = 'assistant'",
                String.class);
    }

    @Test
    void statusesMoveForwardAndALateDeliveredNeverOverwritesRead() {
        assertThat(postStatus(sid, "sent", null).statusCode()).isEqualTo(200);
        assertThat(deliveryStatus()).isEqualTo("sent");
        assertThat(postStatus(sid, "read", null).statusCode()).isEqualTo(200);
        assertThat(deliveryStatus()).isEqualTo("read");

        assertThat(postStatus(sid, "delivered", null).statusCode()).isEqualTo(200);

        assertThat(deliveryStatus()).isEqualTo("read");
    }

    @Test
    void failedStatusRecordsTwilioErrorCodeAndIsFinal() {
        postStatus(sid, "undelivered", "30008");

        assertThat(jdbc.queryForMap("SELECT delivery_status, delivery_error_code FROM kommo_messages "
                + "WHERE provider_message_id = ?", sid))
                .containsEntry("delivery_status", "failed").containsEntry("delivery_error_code", "30008");
        postStatus(sid, "delivered", null);
        assertThat(deliveryStatus()).isEqualTo("failed");
    }

    @Test
    void statusOfAnUnknownMessageIsAcknowledgedAndChangesNothing() {
        HttpResponse<String> response = postStatus("SM0000000000000000000000000000dead", "delivered", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(deliveryStatus()).isEqualTo("accepted");
    }

    @Test
    void forgedStatusCallbackIsRefusedWith403AndChangesNothing() {
        Map<String, String> form = status(sid, "read", null);
        HttpResponse<String> response = postForm(PATH, TwilioWebhooks.encode(form), "bm90IGEgc2lnbmF0dXJl");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(deliveryStatus()).isEqualTo("accepted");
    }

    @Test
    void statusCallbackWithoutMessageStatusIsA400() {
        Map<String, String> form = status(sid, "read", null);
        form.remove("MessageStatus");
        form.remove("SmsStatus");

        HttpResponse<String> response = postSigned(form);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("missing field MessageStatus");
    }

    @Test
    void unknownMessageStatusIsA400() {
        assertThat(postStatus(sid, "teleported", null).statusCode()).isEqualTo(400);
        assertThat(deliveryStatus()).isEqualTo("accepted");
    }

    private String deliveryStatus() {
        return jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE provider_message_id = ?",
                String.class, sid);
    }

    private HttpResponse<String> postStatus(String messageSid, String messageStatus, String errorCode) {
        return postSigned(status(messageSid, messageStatus, errorCode));
    }

    private HttpResponse<String> postSigned(Map<String, String> form) {
        String signature = TwilioWebhooks.sign(PUBLIC_BASE_URL + PATH, form, FakeProviders.AUTH_TOKEN);
        return postForm(PATH, TwilioWebhooks.encode(form), signature);
    }

    /** The fields of Twilio's WhatsApp status callback (fixtures twilio-status-*.form). */
    private static Map<String, String> status(String messageSid, String messageStatus, String errorCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsSid", messageSid);
        form.put("SmsStatus", messageStatus);
        form.put("MessageStatus", messageStatus);
        form.put("ChannelToAddress", "+15550002222");
        form.put("To", "whatsapp:+15550002222");
        form.put("ChannelPrefix", "whatsapp");
        form.put("MessageSid", messageSid);
        form.put("AccountSid", FakeProviders.ACCOUNT_SID);
        form.put("From", FakeProviders.WHATSAPP_FROM);
        form.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        return form;
    }
}
