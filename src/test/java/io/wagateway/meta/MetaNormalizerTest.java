package io.wagateway.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.Fixtures;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.CanonicalMessage.Location;
import io.wagateway.canonical.CanonicalMessage.Media;
import io.wagateway.canonical.IdentityChange;
import io.wagateway.canonical.MessageType;
import io.wagateway.canonical.Provider;
import io.wagateway.webhook.WebhookException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetaNormalizerTest {

    private final MetaNormalizer normalizer = new MetaNormalizer(new ObjectMapper());

    /** The canonical message each provider fixture documents. */
    static Stream<Arguments> inboundFixtures() {
        return Stream.of(
                fixture("meta-inbound-text.json", message -> {
                    assertThat(message.providerMessageId())
                            .isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
                    assertThat(message.phone()).isEqualTo("+16505551234");
                    assertThat(message.contactName()).isEqualTo("Sheena Nelson");
                    assertThat(message.type()).isEqualTo(MessageType.TEXT);
                    assertThat(message.text()).isEqualTo("Does it come in another color?");
                    assertThat(message.media()).isNull();
                    assertThat(message.location()).isNull();
                    assertThat(message.receivedAt()).isEqualTo(Instant.ofEpochSecond(1749416383));
                    assertThat(message.metadata())
                            .containsEntry("whatsappMessageType", "text")
                            .containsEntry("waId", "16505551234")
                            .containsEntry("phoneNumberId", "106540352242922")
                            .containsEntry("displayPhoneNumber", "15550783881");
                }),
                fixture("meta-inbound-image.json", message -> {
                    assertThat(message.providerMessageId()).isEqualTo("wamid.xyzxyz");
                    assertThat(message.phone()).isEqualTo("+972987654321");
                    assertThat(message.contactName()).isEqualTo("Test Name");
                    assertThat(message.type()).isEqualTo(MessageType.IMAGE);
                    assertThat(message.text()).isEqualTo("[image: image/jpeg]");
                    assertThat(message.media()).isEqualTo(new Media("https://lookaside.fbsbx.com/whatsapp_business/"
                            + "attachments/?mid=65463453&source=webhook&ext=487r9re&hash=heiwchueowbcew-dnedcw",
                            "image/jpeg", "65463453", null, null));
                    assertThat(message.receivedAt()).isEqualTo(Instant.ofEpochSecond(1697043379));
                    assertThat(message.metadata()).containsEntry("whatsappMessageType", "image")
                            .containsEntry("mediaSha256", "4654+8g=");
                }),
                fixture("meta-inbound-document.json", message -> {
                    assertThat(message.type()).isEqualTo(MessageType.FILE);
                    assertThat(message.text()).isEqualTo("caption");
                    assertThat(message.media()).isEqualTo(new Media(null, "application/pdf", "1234567890987654321",
                            "caption", "filename.pdf"));
                    assertThat(message.metadata()).containsEntry("whatsappMessageType", "document")
                            .containsEntry("forwarded", true);
                }),
                fixture("meta-inbound-audio-voice.json", message -> {
                    assertThat(message.type()).isEqualTo(MessageType.FILE);
                    assertThat(message.text()).isEqualTo("[voice message: audio/ogg; codecs=opus]");
                    assertThat(message.media()).isEqualTo(new Media(null, "audio/ogg; codecs=opus",
                            "1234567890987654321", null, null));
                    assertThat(message.metadata()).containsEntry("whatsappMessageType", "audio")
                            .containsEntry("voice", true);
                }),
                fixture("meta-inbound-location.json", message -> {
                    assertThat(message.type()).isEqualTo(MessageType.LOCATION);
                    assertThat(message.location()).isEqualTo(new Location(37.4611978, -122.2164385, "Facebook HQ",
                            "1 Hacker Way, Menlo Park, CA 94025"));
                    assertThat(message.text())
                            .isEqualTo("[location: Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025, "
                                    + "37.4611978, -122.2164385]");
                    assertThat(message.media()).isNull();
                    assertThat(message.metadata())
                            .containsEntry("locationUrl", "https://maps.google.com/?cid=2000000000000000000")
                            .containsEntry("forwarded", true);
                }),
                fixture("meta-inbound-sticker.json", message -> {
                    // the contract: audio, video, stickers and documents map to file
                    assertThat(message.type()).isEqualTo(MessageType.FILE);
                    assertThat(message.text()).isEqualTo("[sticker: image/webp]");
                    assertThat(message.media()).isEqualTo(new Media(null, "image/webp", "1234567890987654321",
                            null, null));
                    assertThat(message.metadata()).containsEntry("animated", false);
                }),
                fixture("meta-inbound-interactive-button-reply.json", message -> {
                    assertThat(message.phone()).isEqualTo("+972987654321");
                    assertThat(message.contactName()).isEqualTo("Test Name");
                    assertThat(message.type()).isEqualTo(MessageType.TEXT);
                    assertThat(message.text()).isEqualTo("title");
                    assertThat(message.metadata())
                            .containsEntry("whatsappMessageType", "interactive")
                            .containsEntry("interactiveType", "button_reply")
                            .containsEntry("replyId", "callback_data")
                            .containsEntry("replyTitle", "title")
                            .containsEntry("repliedToMessageId", "wamid.xyzxyz");
                }),
                fixture("meta-inbound-button.json", message -> {
                    assertThat(message.providerMessageId()).isEqualTo("external_id");
                    assertThat(message.phone()).isEqualTo("+5678");
                    assertThat(message.contactName()).isEqualTo("Kerry Fisher");
                    assertThat(message.type()).isEqualTo(MessageType.TEXT);
                    assertThat(message.text()).isEqualTo("No");
                    assertThat(message.metadata())
                            .containsEntry("whatsappMessageType", "button")
                            .containsEntry("buttonPayload", "No-Button-Payload")
                            .containsEntry("buttonText", "No")
                            .containsEntry("repliedToMessageId", "gBGGFmkiWVVPAgkgQkwi7IORac0")
                            .containsEntry("phoneNumberId", "1234567890");
                }),
                fixture("meta-inbound-text-bsuid-only.json", message -> {
                    // a user with a username writes without the phone: known by the BSUID alone
                    assertThat(message.phone()).isNull();
                    assertThat(message.userId()).isEqualTo("BR.1582043977165209");
                    assertThat(message.username()).isEqualTo("mari.costa");
                    assertThat(message.parentUserId()).isNull();
                    assertThat(message.contactName()).isEqualTo("Mariana Costa");
                    assertThat(message.text()).isEqualTo("Oi! Vocês entregam no sábado?");
                    assertThat(message.metadata()).doesNotContainKey("waId");
                }),
                fixture("meta-inbound-text-bsuid-and-phone.json", message -> {
                    assertThat(message.phone()).isEqualTo("+5511999990042");
                    assertThat(message.userId()).isEqualTo("BR.1582043977165209");
                    assertThat(message.username()).isEqualTo("mari.costa");
                    assertThat(message.contactName()).isEqualTo("Mariana Costa");
                    assertThat(message.metadata()).containsEntry("waId", "5511999990042");
                }));
    }

    /** The fixtures that are identity changes, not messages. */
    private static final List<String> IDENTITY_FIXTURES = List.of("meta-inbound-system-user-changed-user-id.json");

    private static Arguments fixture(String name, Consumer<CanonicalMessage> expectations) {
        return Arguments.of(name, expectations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inboundFixtures")
    void inboundFixtureBecomesItsDocumentedCanonicalMessage(String fixture, Consumer<CanonicalMessage> expectations) {
        MetaNotification notification = normalizer.normalize(Fixtures.bytes(fixture));

        assertThat(notification.statuses()).isEmpty();
        assertThat(notification.messages()).hasSize(1);
        CanonicalMessage message = notification.messages().get(0);
        assertThat(message.provider()).isEqualTo(Provider.META);
        assertThat(message.kommoChatId()).isNull();
        assertThat(message.text()).isNotBlank();
        expectations.accept(message);
    }

    @Test
    void everyMetaInboundFixtureIsCovered() throws IOException, URISyntaxException {
        Path fixtures = Path.of(MetaNormalizerTest.class.getResource("/fixtures").toURI());
        List<String> present;
        try (Stream<Path> files = Files.list(fixtures)) {
            present = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("meta-inbound-") && name.endsWith(".json")).sorted().toList();
        }
        List<String> covered = Stream.concat(inboundFixtures().map(arguments -> (String) arguments.get()[0]),
                IDENTITY_FIXTURES.stream()).sorted().toList();

        assertThat(present).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"meta-status-sent.json", "meta-status-delivered.json", "meta-status-read.json"})
    void statusFixtureBecomesAStatusUpdateWithoutMessages(String fixture) {
        MetaNotification notification = normalizer.normalize(Fixtures.bytes(fixture));

        String status = fixture.replace("meta-status-", "").replace(".json", "");
        assertThat(notification.messages()).isEmpty();
        assertThat(notification.statuses()).containsExactly(new MetaStatusUpdate("wamid.xyzxyz", status, null, null));
        assertThat(notification.statuses().get(0).parameters())
                .containsEntry("provider", "meta")
                .containsEntry("providerMessageId", "wamid.xyzxyz")
                .containsEntry("deliveryStatus", status);
    }

    @Test
    void failedStatusCarriesMetasErrorCodeMessageAndDetails() {
        MetaNotification notification = normalizer.normalize(Fixtures.bytes("meta-status-failed-130472.json"));

        assertThat(notification.statuses()).containsExactly(new MetaStatusUpdate("wamid.xyzxyz", "failed", "130472",
                "User's number is part of an experiment: Failed to send message because this user's phone number "
                        + "is part of an experiment"));
    }

    @Test
    void unknownStatusValueIsIgnored() {
        assertThat(normalizer.normalize(notification("\"statuses\":[{\"id\":\"wamid.A\",\"status\":\"played\","
                + "\"timestamp\":\"1\",\"recipient_id\":\"15550001111\"}]")).isEmpty()).isTrue();
    }

    @Test
    void everyMessageOfEveryChangeOfEveryEntryIsKeptInOrderWithItsOwnContactName() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":["
                + "{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"contacts\":[{\"profile\":{\"name\":\"Ana\"},\"wa_id\":\"15550000001\"},"
                + "{\"profile\":{\"name\":\"Bruno\"},\"wa_id\":\"15550000002\"}],"
                + "\"messages\":[" + textMessage("wamid.A", "15550000001", "first") + ","
                + textMessage("wamid.B", "15550000002", "second") + "]}},"
                + "{\"field\":\"messages\",\"value\":{\"statuses\":[{\"id\":\"wamid.OUT\","
                + "\"status\":\"delivered\"}]}}]},"
                + "{\"id\":\"2\",\"changes\":[{\"field\":\"messages\",\"value\":{"
                + "\"messages\":[" + textMessage("wamid.C", "15550000003", "third") + "]}}]}]}";

        MetaNotification notification = normalizer.normalize(body.getBytes(StandardCharsets.UTF_8));

        assertThat(notification.messages()).extracting(CanonicalMessage::providerMessageId)
                .containsExactly("wamid.A", "wamid.B", "wamid.C");
        assertThat(notification.messages()).extracting(CanonicalMessage::text)
                .containsExactly("first", "second", "third");
        assertThat(notification.messages()).extracting(CanonicalMessage::contactName)
                .containsExactly("Ana", "Bruno", null);
        assertThat(notification.statuses()).containsExactly(new MetaStatusUpdate("wamid.OUT", "delivered", null, null));
    }

    @Test
    void reactionIsDescribedAsTextWithTheReactionInMetadata() {
        CanonicalMessage message = single("{\"from\":\"15550001111\",\"id\":\"wamid.R\",\"timestamp\":\"1697043379\","
                + "\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.ORIGINAL\",\"emoji\":\"\uD83D\uDC4D\"}}");

        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("[reaction \uD83D\uDC4D to wamid.ORIGINAL]");
        assertThat(message.metadata()).containsEntry("reaction",
                Map.of("messageId", "wamid.ORIGINAL", "emoji", "\uD83D\uDC4D"));
    }

    @Test
    void removedReactionSaysSo() {
        CanonicalMessage message = single("{\"from\":\"15550001111\",\"id\":\"wamid.R2\",\"type\":\"reaction\","
                + "\"reaction\":{\"message_id\":\"wamid.ORIGINAL\"}}");

        assertThat(message.text()).isEqualTo("[reaction removed from wamid.ORIGINAL]");
    }

    @Test
    void unsupportedMessageIsKeptAsTextDescribingMetasError() {
        CanonicalMessage message = single("{\"from\":\"15550001111\",\"id\":\"wamid.U\",\"timestamp\":\"1697043379\","
                + "\"type\":\"unsupported\",\"errors\":[{\"code\":131051,\"title\":\"Message type unknown\","
                + "\"message\":\"Message type unknown\",\"error_data\":{\"details\":\"Message type is currently not "
                + "supported.\"}}],\"unsupported\":{\"type\":\"poll\"}}");

        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("[unsupported WhatsApp message of type 'poll': Message type unknown "
                + "(Message type is currently not supported.)]");
        assertThat(message.metadata()).containsEntry("whatsappMessageType", "unsupported").containsKey("errors");
    }

    @Test
    void unknownTypeIsKeptAsTextNamingTheTypeWithItsPayloadInMetadata() {
        CanonicalMessage message = single("{\"from\":\"15550001111\",\"id\":\"wamid.X\",\"type\":\"hologram\","
                + "\"hologram\":{\"id\":\"42\"}}");

        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("[WhatsApp message of type 'hologram', not supported by the gateway]");
        assertThat(message.metadata()).containsEntry("payload", Map.of("id", "42"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order", "interactive", "hologram"})
    void detailThatIsNullInsteadOfAnObjectIsKeptAsTextWithoutIt(String type) {
        CanonicalMessage message = single("{\"from\":\"15550001111\",\"id\":\"wamid.N\",\"type\":\"" + type
                + "\",\"" + type + "\":null,\"referral\":null}");

        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).startsWith("[");
        assertThat(message.metadata()).doesNotContainKeys("order", "system", "payload", "referral")
                .containsEntry("whatsappMessageType", type);
    }

    @Test
    void messageWithoutTypeIsKeptAsText() {
        assertThat(single("{\"from\":\"15550001111\",\"id\":\"wamid.T\"}").text())
                .isEqualTo("[WhatsApp message without a type]");
    }

    @Test
    void emptyTextIsDescribedNotBlank() {
        assertThat(single("{\"from\":\"15550001111\",\"id\":\"wamid.E\",\"type\":\"text\",\"text\":{\"body\":\"  \"}}")
                .text()).isEqualTo("[empty text message]");
    }

    @Test
    void listReplyUsesTheTitleAsTextAndKeepsIdAndDescription() {
        CanonicalMessage message = single("{\"from\":\"15550001111\",\"id\":\"wamid.L\",\"type\":\"interactive\","
                + "\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"row-2\",\"title\":\"Tuesday\","
                + "\"description\":\"10:00 to 12:00\"}}}");

        assertThat(message.text()).isEqualTo("Tuesday");
        assertThat(message.metadata()).containsEntry("interactiveType", "list_reply")
                .containsEntry("replyId", "row-2").containsEntry("replyDescription", "10:00 to 12:00");
    }

    @Test
    void videoWithCaptionIsAFileWithTheCaptionAsText() {
        CanonicalMessage message = single("{\"from\":\"15550001111\",\"id\":\"wamid.V\",\"type\":\"video\","
                + "\"video\":{\"id\":\"777\",\"mime_type\":\"video/mp4\",\"caption\":\"look\"}}");

        assertThat(message.type()).isEqualTo(MessageType.FILE);
        assertThat(message.text()).isEqualTo("look");
        assertThat(message.media()).isEqualTo(new Media(null, "video/mp4", "777", "look", null));
    }

    @Test
    void sharedContactIsDescribedAsText() {
        CanonicalMessage message = single("{\"from\":\"15550001111\",\"id\":\"wamid.C\",\"type\":\"contacts\","
                + "\"contacts\":[{\"name\":{\"formatted_name\":\"Ana Lima\"},"
                + "\"phones\":[{\"phone\":\"+5511999990001\"}]}]}");

        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("[shared contact: Ana Lima +5511999990001]");
    }

    @Test
    void locationWithoutCoordinatesIsDescribedAsText() {
        CanonicalMessage message = single("{\"from\":\"15550001111\",\"id\":\"wamid.P\",\"type\":\"location\","
                + "\"location\":{\"name\":\"Somewhere\"}}");

        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.location()).isNull();
        assertThat(message.text()).isEqualTo("[location without valid coordinates: Somewhere]");
    }

    @Test
    void nulCharactersThatPostgresqlRefusesAreRemoved() {
        assertThat(single("{\"from\":\"15550001111\",\"id\":\"wamid.N\",\"type\":\"text\","
                + "\"text\":{\"body\":\"a\\u0000b\"}}").text()).isEqualTo("ab");
    }

    @Test
    void fieldOtherThanMessagesCarriesNothing() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"time\":1700000000,"
                + "\"changes\":[{\"field\":\"account_update\",\"value\":{\"phone_number\":\"15550783881\","
                + "\"event\":\"VERIFIED_ACCOUNT\"}}]}]}";

        assertThat(normalizer.normalize(body.getBytes(StandardCharsets.UTF_8)).isEmpty()).isTrue();
    }

    @Test
    void notificationOfAnotherObjectCarriesNothing() {
        assertThat(normalizer.normalize("{\"object\":\"page\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8))
                .isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "not json", "{\"object\":\"whatsapp_business_account\",\"entry\":[",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[]} trailing"})
    void bodyThatIsNotJsonIsA400(String body) {
        assertBadRequest(body, "malformed JSON");
    }

    @Test
    void jsonThatIsNotAnObjectIsA400() {
        assertBadRequest("[1,2]", "malformed notification");
    }

    @Test
    void missingObjectIsA400() {
        assertBadRequest("{\"entry\":[]}", "missing field object");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"object\":\"whatsapp_business_account\"}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":{}}"})
    void missingEntryIsA400(String body) {
        assertBadRequest(body, "missing field entry");
    }

    @Test
    void messageWithoutIdIsA400NamingWhereItIs() {
        assertThatThrownBy(() -> normalizer.normalize(notification("\"messages\":[{\"from\":\"15550001111\","
                + "\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]")))
                .isInstanceOfSatisfying(WebhookException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("missing field id");
                    assertThat(e.detail()).contains("entry[0].changes[0].value.messages[0]");
                });
    }

    @Test
    void fromThatIsNotANumberIsA400() {
        assertBadRequest(new String(notification("\"messages\":[{\"from\":\"abc\",\"id\":\"wamid.Z\","
                + "\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]"), StandardCharsets.UTF_8), "invalid field from");
    }

    @Test
    void systemMessageOfAUserChangingTheirBsuidIsAnIdentityChangeNotAMessage() {
        MetaNotification notification = normalizer.normalize(
                Fixtures.bytes("meta-inbound-system-user-changed-user-id.json"));

        assertThat(notification.messages()).isEmpty();
        assertThat(notification.identityChanges()).containsExactly(new IdentityChange(Provider.META,
                "wamid.HBgTQlIuMTU4MjA0Mzk3NzE2NTIwORUCABIYFDNBQjU4RTIwRDQ3QzE5NkYwQTkyAA==", null,
                "BR.1582043977165209", null, "BR.2093715548801634", null,
                "[system message: User Mariana Costa changed from BR.1582043977165209 to BR.2093715548801634]",
                Instant.ofEpochSecond(1787244002)));
    }

    @Test
    void userIdUpdateFieldIsAnIdentityChangeWithAnIdMadeOfBothBsuids() {
        MetaNotification notification = normalizer.normalize(Fixtures.bytes("meta-user-id-update.json"));

        assertThat(notification.messages()).isEmpty();
        assertThat(notification.identityChanges()).containsExactly(new IdentityChange(Provider.META,
                "user_id_update:BR.1582043977165209:BR.2093715548801634", null, "BR.1582043977165209", null,
                "BR.2093715548801634", null, "[system message: User id for Mariana Costa has been updated.]",
                Instant.ofEpochSecond(1787244002)));
    }

    @Test
    void userIdUpdateSentAsOneObjectInsteadOfAnArrayIsReadToo() {
        String body = new String(Fixtures.bytes("meta-user-id-update.json"), StandardCharsets.UTF_8)
                .replace("\"user_id_update\": [", "\"user_id_update\": ").replace("}\n            ]\n", "}\n");
        MetaNotification notification = normalizer.normalize(body.getBytes(StandardCharsets.UTF_8));

        assertThat(notification.identityChanges()).singleElement()
                .satisfies(change -> assertThat(change.userId()).isEqualTo("BR.2093715548801634"));
    }

    @Test
    void userChangedNumberLinksTheNewPhoneAndBsuidToTheOldPhone() {
        MetaNotification notification = normalizer.normalize(notification("\"messages\":[{\"from\":\"5511999990042\","
                + "\"id\":\"wamid.C\",\"type\":\"system\",\"system\":{\"body\":\"User Ana changed from 5511999990042 "
                + "to 5511988887777\",\"type\":\"user_changed_number\",\"wa_id\":\"5511988887777\","
                + "\"user_id\":\"BR.2093715548801634\",\"previous_user_id\":\"BR.1582043977165209\"}}]"));

        assertThat(notification.identityChanges()).singleElement().satisfies(change -> {
            assertThat(change.previousPhone()).isEqualTo("+5511999990042");
            assertThat(change.phone()).isEqualTo("+5511988887777");
            assertThat(change.previousUserId()).isEqualTo("BR.1582043977165209");
            assertThat(change.userId()).isEqualTo("BR.2093715548801634");
        });
    }

    @Test
    void previousBsuidOfANoticeOlderThanPreviousUserIdIsReadFromItsBody() {
        MetaNotification notification = normalizer.normalize(notification("\"messages\":[{\"id\":\"wamid.D\","
                + "\"type\":\"system\",\"system\":{\"body\":\"User Ana changed from BR.1582043977165209 to "
                + "BR.2093715548801634\",\"type\":\"user_changed_user_id\",\"user_id\":\"BR.2093715548801634\"}}]"));

        assertThat(notification.identityChanges()).singleElement()
                .satisfies(change -> assertThat(change.previousUserId()).isEqualTo("BR.1582043977165209"));
    }

    @Test
    void systemMessageWithoutItsSystemObjectIsANoticeAboutItsSender() {
        MetaNotification notification = normalizer.normalize(notification(
                "\"messages\":[{\"from\":\"15550001111\",\"id\":\"wamid.S\",\"type\":\"system\",\"system\":null}]"));

        assertThat(notification.messages()).isEmpty();
        assertThat(notification.identityChanges()).singleElement().satisfies(change -> {
            assertThat(change.previousPhone()).isEqualTo("+15550001111");
            assertThat(change.userId()).isNull();
            assertThat(change.text()).isEqualTo("[system message: no details]");
        });
    }

    @Test
    void statusOfASendToTheBsuidHasNoRecipientIdAndIsMatchedByItsWamid() {
        MetaNotification notification = normalizer.normalize(Fixtures.bytes("meta-status-delivered-bsuid.json"));

        assertThat(notification.messages()).isEmpty();
        assertThat(notification.statuses()).containsExactly(new MetaStatusUpdate(
                "wamid.HBgTQlIuMTU4MjA0Mzk3NzE2NTIwORUCABEYEjhFNDFDMDdBMkI5RDVGMzZFMQA=", "delivered", null, null));
    }

    @Test
    void bsuidInFromIsTakenAsTheBsuidNotAsAPhone() {
        CanonicalMessage message = single("{\"from\":\"US.13491208655302741918\",\"id\":\"wamid.B\","
                + "\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");

        assertThat(message.phone()).isNull();
        assertThat(message.userId()).isEqualTo("US.13491208655302741918");
    }

    @Test
    void usernameIsTheDisplayNameWhenThereIsNoProfileNameAndLosesItsAt() {
        CanonicalMessage message = single(notificationContacts("[{\"profile\":{\"username\":\"@pablomorales\"},"
                + "\"user_id\":\"US.ENT.11815799212886844830\",\"parent_user_id\":\"US.ENT.11815799212886844830\"}]"),
                "{\"from_user_id\":\"US.ENT.11815799212886844830\",\"id\":\"wamid.U\",\"type\":\"text\","
                        + "\"text\":{\"body\":\"hi\"}}");

        assertThat(message.username()).isEqualTo("pablomorales");
        assertThat(message.contactName()).isEqualTo("@pablomorales");
        assertThat(message.parentUserId()).isEqualTo("US.ENT.11815799212886844830");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BR1582043977165209", "B.1582043977165209", "BR.", "BR.15820-43977", "BR.ENT.",
            "BRA.1582043977165209"})
    void bsuidOfTheWrongShapeIsA400NamingFromUserId(String userId) {
        assertBadRequest(new String(notification("\"messages\":[{\"from_user_id\":\"" + userId + "\","
                + "\"id\":\"wamid.Z\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]"), StandardCharsets.UTF_8),
                "invalid field from_user_id");
    }

    @Test
    void bsuidLongerThan128CharactersIsA400() {
        assertBadRequest(new String(notification("\"messages\":[{\"from_user_id\":\"BR." + "1".repeat(129) + "\","
                + "\"id\":\"wamid.Z\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]"), StandardCharsets.UTF_8),
                "invalid field from_user_id");
    }

    @Test
    void messageWithNeitherPhoneNorBsuidIsA400() {
        assertBadRequest(new String(notification("\"messages\":[{\"id\":\"wamid.Z\",\"type\":\"text\","
                + "\"text\":{\"body\":\"hi\"}}]"), StandardCharsets.UTF_8), "missing field from_user_id");
    }

    @Test
    void identityChangeWithANewBsuidOfTheWrongShapeIsA400() {
        assertBadRequest(new String(notification("\"messages\":[{\"id\":\"wamid.D\",\"type\":\"system\","
                + "\"system\":{\"type\":\"user_changed_user_id\",\"user_id\":\"not a bsuid\"}}]"),
                StandardCharsets.UTF_8), "invalid field user_id");
    }

    private CanonicalMessage single(String contacts, String message) {
        MetaNotification notification =
                normalizer.normalize(notification(contacts + ",\"messages\":[" + message + "]"));
        assertThat(notification.messages()).hasSize(1);
        return notification.messages().get(0);
    }

    private static String notificationContacts(String contacts) {
        return "\"contacts\":" + contacts;
    }

    private CanonicalMessage single(String message) {
        MetaNotification notification = normalizer.normalize(notification("\"messages\":[" + message + "]"));
        assertThat(notification.messages()).hasSize(1);
        return notification.messages().get(0);
    }

    /** A notification with one change of field messages whose value has {@code valueFields}. */
    private static byte[] notification(String valueFields) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
                + valueFields + "}}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String textMessage(String id, String from, String text) {
        return "{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"1749416383\",\"type\":\"text\","
                + "\"text\":{\"body\":\"" + text + "\"}}";
    }

    private void assertBadRequest(String body, String error) {
        assertThatThrownBy(() -> normalizer.normalize(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WebhookException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.detail()).isNotBlank();
                });
    }
}
