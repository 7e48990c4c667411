package io.wagateway.kommo;

import static io.wagateway.kommo.KommoWebhooks.FIXTURE_CHAT_ID;
import static io.wagateway.kommo.KommoWebhooks.FIXTURE_MESSAGE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.Fixtures;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.MessageType;
import io.wagateway.canonical.Provider;
import io.wagateway.webhook.WebhookException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class KommoNormalizerTest {

    private static final String BOT_ID = "76fc2bea-902f-425c-9a3d-dcdac4447113";
    private final KommoNormalizer normalizer =
            new KommoNormalizer(new KommoProperties(null, null, null, null, BOT_ID, null, null));

    private static void assertBadRequest(ThrowingCallable call, String error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.detail()).isNotBlank();
        });
    }

    @Test
    void realCaptureBecomesOneIncomingTextMessageOfTheChatWithTheKommoContextInMetadata() {
        List<CanonicalMessage> messages = normalizer.fromBody(Fixtures.bytes(KommoWebhooks.FIXTURE));

        assertThat(messages).hasSize(1);
        CanonicalMessage message = messages.get(0);
        assertThat(message.provider()).isEqualTo(Provider.KOMMO);
        assertThat(message.providerMessageId()).isEqualTo(FIXTURE_MESSAGE_ID);
        assertThat(message.kommoChatId()).isEqualTo(FIXTURE_CHAT_ID);
        assertThat(message.phone()).isNull();
        assertThat(message.contactName()).isEqualTo("Adrbill");
        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("test!");
        assertThat(message.media()).isNull();
        assertThat(message.receivedAt()).isEqualTo(Instant.ofEpochSecond(1711548814));
        assertThat(message.metadata())
                .containsEntry("direction", "incoming")
                .containsEntry("talkId", "166")
                .containsEntry("contactId", "13311307")
                .containsEntry("createdAt", "1711548814")
                .containsEntry("authorId", "aaac520b-1d81-49e1-bdd3-f43d34341544")
                .containsEntry("authorType", "external")
                .containsEntry("authorName", "Adrbill")
                .containsEntry("origin", "onlinechat")
                .containsEntry("accountId", "31579862")
                .containsEntry("accountSubdomain", "dpoippk")
                .doesNotContainKeys("entityId", "attachmentType");
        assertThat(normalizer.fromChannelBot(message)).isFalse();
    }

    @Test
    void leadAndElementGoToMetadata() {
        CanonicalMessage message = normalizer.normalize(
                KommoWebhooks.message(0, "m-1", "chat-1", "incoming", "hello")).get(0);

        assertThat(message.metadata())
                .containsEntry("entityId", "9000001").containsEntry("entityType", "lead")
                .containsEntry("elementId", "9000001").containsEntry("elementType", "2")
                .containsEntry("origin", "waba");
    }

    @Test
    void everyMessageOfTheBodyIsNormalizedInNumericNOrder() {
        Map<String, String> form = KommoWebhooks.account();
        KommoWebhooks.addMessage(form, 10, "m-10", "chat-1", "incoming", "tenth");
        KommoWebhooks.addMessage(form, 2, "m-2", "chat-1", "incoming", "second");
        KommoWebhooks.addMessage(form, 0, "m-0", "chat-1", "incoming", "first");
        KommoWebhooks.addMessage(form, 1, "m-1", "chat-2", "outgoing", "from the team");

        List<CanonicalMessage> messages = normalizer.normalize(form);

        assertThat(messages).extracting(CanonicalMessage::providerMessageId)
                .containsExactly("m-0", "m-1", "m-2", "m-10");
        assertThat(messages).extracting(CanonicalMessage::text)
                .containsExactly("first", "from the team", "second", "tenth");
        assertThat(messages.get(1).kommoChatId()).isEqualTo("chat-2");
        assertThat(messages).allSatisfy(message -> assertThat(message.metadata())
                .containsEntry("accountId", "31579862"));
    }

    @Test
    void pictureAttachmentBecomesImageWithItsUrl() {
        Map<String, String> form = KommoWebhooks.fixture();
        form.put("message[add][0][text]", "");
        form.put("message[add][0][message_type]", "picture");
        form.put("message[add][0][attachment][type]", "picture");
        form.put("message[add][0][attachment][link]", "https://amojo.kommo.com/attachments/photo.jpg");

        CanonicalMessage message = normalizer.normalize(form).get(0);

        assertThat(message.type()).isEqualTo(MessageType.IMAGE);
        assertThat(message.media()).isNotNull();
        assertThat(message.media().url()).isEqualTo("https://amojo.kommo.com/attachments/photo.jpg");
        assertThat(message.text()).isEqualTo("[image]");
        assertThat(message.metadata()).containsEntry("attachmentType", "picture")
                .containsEntry("kommoMessageType", "picture");
    }

    @Test
    void imageAttachmentWithTextKeepsTheTextAsCaption() {
        Map<String, String> form = KommoWebhooks.fixture();
        form.put("message[add][0][attachment][type]", "image");
        form.put("message[add][0][attachment][link]", "https://amojo.kommo.com/attachments/a.png");

        CanonicalMessage message = normalizer.normalize(form).get(0);

        assertThat(message.type()).isEqualTo(MessageType.IMAGE);
        assertThat(message.text()).isEqualTo("test!");
        assertThat(message.media().caption()).isEqualTo("test!");
    }

    @Test
    void fileAttachmentBecomesFileWithItsUrl() {
        Map<String, String> form = KommoWebhooks.fixture();
        form.put("message[add][0][text]", "");
        form.put("message[add][0][attachment][type]", "file");
        form.put("message[add][0][attachment][link]", "https://amojo.kommo.com/attachments/invoice.pdf");

        CanonicalMessage message = normalizer.normalize(form).get(0);

        assertThat(message.type()).isEqualTo(MessageType.FILE);
        assertThat(message.media().url()).isEqualTo("https://amojo.kommo.com/attachments/invoice.pdf");
        assertThat(message.text()).isEqualTo("[file]");
    }

    @Test
    void voiceAttachmentIsAFileThatSaysWhatItIs() {
        Map<String, String> form = KommoWebhooks.fixture();
        form.put("message[add][0][text]", "");
        form.put("message[add][0][attachment][type]", "voice");
        form.put("message[add][0][attachment][link]", "https://amojo.kommo.com/attachments/voice.ogg");

        CanonicalMessage message = normalizer.normalize(form).get(0);

        assertThat(message.type()).isEqualTo(MessageType.FILE);
        assertThat(message.text()).isEqualTo("[file: voice]");
    }

    @Test
    void messageWithoutTextOrAttachmentIsKeptWithADescription() {
        Map<String, String> form = KommoWebhooks.fixture();
        form.put("message[add][0][text]", "");
        form.put("message[add][0][message_type]", "sticker");

        CanonicalMessage message = normalizer.normalize(form).get(0);

        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("[message without text, Kommo type sticker]");
    }

    @Test
    void outgoingMessageIsDetectedAndItsAuthorIsNotTheContact() {
        CanonicalMessage message = normalizer.normalize(
                KommoWebhooks.message(0, "m-out", "chat-1", "outgoing", "Hi, Olga here")).get(0);

        assertThat(message.metadata()).containsEntry("direction", "outgoing")
                .containsEntry("authorName", "Olga (sales)").containsEntry("authorType", "user");
        assertThat(message.contactName()).isNull();
        assertThat(normalizer.fromChannelBot(message)).isFalse();
    }

    @Test
    void outgoingMessageOfTheChannelBotIsRecognisedAsOurOwnEcho() {
        Map<String, String> form = KommoWebhooks.message(0, "m-echo", "chat-1", "outgoing", "Hello from the bot");
        form.put("message[add][0][author][id]", BOT_ID);
        form.put("message[add][0][author][type]", "bot");

        assertThat(normalizer.fromChannelBot(normalizer.normalize(form).get(0))).isTrue();
    }

    @Test
    void withoutABotIdNothingIsTakenForAnEcho() {
        Map<String, String> form = KommoWebhooks.message(0, "m-echo", "chat-1", "outgoing", "Hello from the bot");
        form.put("message[add][0][author][id]", BOT_ID);
        KommoNormalizer unconfigured =
                new KommoNormalizer(new KommoProperties(null, null, null, null, null, null, null));

        assertThat(unconfigured.fromChannelBot(unconfigured.normalize(form).get(0))).isFalse();
    }

    @Test
    void phoneIsKeptWhenKommoGivesOne() {
        Map<String, String> form = KommoWebhooks.fixture();
        form.put("message[add][0][author][phone]", "5511999990001");

        assertThat(normalizer.normalize(form).get(0).phone()).isEqualTo("+5511999990001");
    }

    @Test
    void nulCharactersAreDroppedBecausePostgresqlCannotStoreThem() {
        Map<String, String> form = KommoWebhooks.fixture();
        form.put("message[add][0][text]", "te\0st");
        form.put("message[add][0][author][name]", "Adr\0bill");

        CanonicalMessage message = normalizer.normalize(form).get(0);

        assertThat(message.text()).isEqualTo("test");
        assertThat(message.contactName()).isEqualTo("Adrbill");
        assertThat(message.metadata()).containsEntry("authorName", "Adrbill");
    }

    @Test
    void missingChatIdIsRejectedWith400NamingTheField() {
        Map<String, String> form = KommoWebhooks.fixture();
        form.remove("message[add][0][chat_id]");

        assertBadRequest(() -> normalizer.normalize(form), "missing field message[add][0][chat_id]");
    }

    @Test
    void missingIdOfTheSecondMessageIsRejectedWith400NamingItsN() {
        Map<String, String> form = KommoWebhooks.message(0, "m-0", "chat-1", "incoming", "ok");
        KommoWebhooks.addMessage(form, 1, " ", "chat-1", "incoming", "no id");

        assertBadRequest(() -> normalizer.normalize(form), "missing field message[add][1][id]");
    }

    @Test
    void unknownTypeIsRejectedWith400() {
        Map<String, String> form = KommoWebhooks.fixture();
        form.put("message[add][0][type]", "sideways");

        assertBadRequest(() -> normalizer.normalize(form), "invalid field message[add][0][type]");
    }

    @Test
    void bodyWithoutMessageAddGivesNoMessages() {
        byte[] talkEvent = ("account%5Bid%5D=31579862&account%5Bsubdomain%5D=dpoippk"
                + "&talk%5Badd%5D%5B0%5D%5Btalk_id%5D=166&talk%5Badd%5D%5B0%5D%5Bchat_id%5D=chat-1")
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(normalizer.fromBody(talkEvent)).isEmpty();
        assertThat(normalizer.fromBody(new byte[0])).isEmpty();
    }

    @Test
    void malformedFormBodyIsRejectedWith400() {
        assertBadRequest(() -> normalizer.fromBody("message%5Badd%5D%5B0%5D%5Bid%5D=%ZZ"
                .getBytes(StandardCharsets.US_ASCII)), "malformed form body");
    }
}
