package io.wagateway.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
    void statusOfAnUnknownMessageIsAcknowledgedChangesNoMessageAndIsKept() {
        HttpResponse<String> response = postStatus("SM0000000000000000000000000000dead", "delivered", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(deliveryStatus()).isEqualTo("accepted");
        assertThat(jdbc.queryForMap("SELECT provider, delivery_status FROM early_delivery_statuses "
                + "WHERE provider_message_id = 'SM0000000000000000000000000000dead'"))
                .containsEntry("provider", "twilio").containsEntry("delivery_status", "delivered");
    }

    @Test
    void statusThatArrivesBeforeItsSendIsRecordedIsAppliedOnceItIs() {
        String early = "SM000000000000000000000000000e0001";
        FakeProviders.TWILIO.stubFor(post(urlPathEqualTo(FakeProviders.TWILIO_MESSAGES_PATH))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"" + early + "\",\"status\":\"queued\",\"account_sid\":\""
                                + FakeProviders.ACCOUNT_SID + "\",\"api_version\":\"2010-04-01\"}")));
        assertThat(postStatus(early, "delivered", null).statusCode()).isEqualTo(200);
        assertThat(postStatus(early, "sent", null).statusCode()).isEqualTo(200);

        UUID message = pendingMessage(twilioConversation("+5511999990777", "1 hour"), "Your order shipped");

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(jdbc.queryForObject(
                "SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, message)));
        assertThat(jdbc.queryForObject("SELECT provider_message_id FROM kommo_messages WHERE id = ?", String.class,
                message)).isEqualTo(early);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM early_delivery_statuses") == 0);
        workers().awaitSendsSettled();
        assertThat(jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class,
                message)).isEqualTo("delivered");
    }

    @Test
    void keptStatusThatCannotBeAppliedIsDroppedWithoutHoldingUpTheOthers() {
        String poison = "SM00000000000000000000000000poison";
        String fine = "SM0000000000000000000000000000fine";
        UUID conversation = twilioConversation("+5511999990778", "1 hour");
        for (String providerMessageId : new String[] {poison, fine}) {
            jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content, metadata, "
                    + "delivery_status, provider_message_id) "
                    + "VALUES (?, 'twilio', 'assistant', 'Hi', '{}', 'accepted', ?)", conversation, providerMessageId);
        }
        jdbc.execute("CREATE FUNCTION refuse_for_the_test() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$");
        jdbc.execute("CREATE TRIGGER refuse_for_the_test BEFORE UPDATE ON kommo_messages FOR EACH ROW WHEN "
                + "(OLD.provider_message_id = '" + poison + "') EXECUTE FUNCTION refuse_for_the_test()");
        try {
            jdbc.update("INSERT INTO early_delivery_statuses (provider, provider_message_id, delivery_status) "
                    + "VALUES ('twilio', ?, 'delivered'), ('twilio', ?, 'read')", poison, fine);

            await().atMost(Duration.ofSeconds(10)).until(() -> count(
                    "SELECT count(*) FROM early_delivery_statuses") == 0);

            assertThat(jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE provider_message_id = ?",
                    String.class, fine)).isEqualTo("read");
            assertThat(jdbc.queryForObject("SELECT delivery_status FROM kommo_messages WHERE provider_message_id = ?",
                    String.class, poison)).isEqualTo("accepted");
        } finally {
            jdbc.execute("DROP TRIGGER refuse_for_the_test ON kommo_messages");
            jdbc.execute("DROP FUNCTION refuse_for_the_test()");
        }
    }

    @Test
    void keptStatusesOfMessagesNobodySentAreDroppedAfterADay() {
        jdbc.update("INSERT INTO early_delivery_statuses (provider, provider_message_id, delivery_status, received_at) "
                + "VALUES ('twilio', 'SM0000000000000000000000000000old', 'read', now() - interval '25 hours'), "
                + "('twilio', 'SM0000000000000000000000000000new', 'read', now() - interval '23 hours')");

        await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "SELECT count(*) FROM early_delivery_statuses WHERE provider_message_id LIKE '%old'") == 0);
        assertThat(count("SELECT count(*) FROM early_delivery_statuses WHERE provider_message_id LIKE '%new'"))
                .isEqualTo(1);
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
