package io.wagateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.Fixtures;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.MessageType;
import io.wagateway.canonical.Provider;
import io.wagateway.webhook.FormBody;
import io.wagateway.webhook.WebhookException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioNormalizerTest {

    private final TwilioNormalizer normalizer = new TwilioNormalizer();

    private static Map<String, String> fixture(String name) {
        return FormBody.parse(Fixtures.bytes(name));
    }

    /** A fixture's fields, changed by {@code change}, as a mutable map. */
    private static Map<String, String> fixture(String name, Consumer<Map<String, String>> change) {
        Map<String, String> form = new LinkedHashMap<>(fixture(name));
        change.accept(form);
        return form;
    }

    private static void assertBadRequest(ThrowingCallable call, String error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.error()).isEqualTo(error);
        });
    }

    @Test
    void textMessageBecomesTextWithPhoneFromWhatsappAddressAndPhoneAsContactNameWhenNoProfileName() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-text.form"));

        assertThat(message.provider()).isEqualTo(Provider.TWILIO);
        assertThat(message.providerMessageId()).isEqualTo("SM892512e202b34d4109b10a3893fa9640");
        assertThat(message.phone()).isEqualTo("+31612345678");
        assertThat(message.contactName()).isEqualTo("+31612345678");
        assertThat(message.kommoChatId()).isNull();
        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("test");
        assertThat(message.media()).isNull();
        assertThat(message.location()).isNull();
        assertThat(message.receivedAt()).isNotNull();
        assertThat(message.metadata())
                .containsEntry("to", "whatsapp:+14123456789")
                .containsEntry("accountSid", "AC1a03647d811fab342c0ad608e382fab2")
                .doesNotContainKeys("waId", "buttonPayload");
    }

    @Test
    void messageWithoutTextOrMediaIsKeptWithADescriptionInsteadOfAnEmptyText() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-text-whatsapp-fields.form",
                form -> {
                    form.put("Body", "");
                    form.put("MessageType", "unsupported");
                }));

        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("[message without text, WhatsApp type unsupported]");
    }

    @Test
    void textMessageWithWhatsappFieldsUsesProfileNameAndKeepsWaIdInMetadata() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-text-whatsapp-fields.form"));

        assertThat(message.providerMessageId()).isEqualTo("SM11111111111111111111111111111111");
        assertThat(message.phone()).isEqualTo("+5511999990001");
        assertThat(message.contactName()).isEqualTo("Maria Silva");
        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("Olá, quero falar com um atendente");
        assertThat(message.metadata())
                .containsEntry("waId", "5511999990001")
                .containsEntry("to", "whatsapp:+14155238886")
                .containsEntry("accountSid", "AC11111111111111111111111111111111")
                .containsEntry("messagingServiceSid", "MG11111111111111111111111111111111")
                .containsEntry("whatsappMessageType", "text");
    }

    @Test
    void blankProfileNameFallsBackToPhoneAsContactName() {
        CanonicalMessage message = normalizer.normalize(
                fixture("twilio-inbound-text-whatsapp-fields.form", form -> form.put("ProfileName", " ")));

        assertThat(message.contactName()).isEqualTo("+5511999990001");
    }

    @Test
    void imageWithoutCaptionBecomesImageMessageWithDescriptiveText() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-image.form"));

        assertThat(message.provider()).isEqualTo(Provider.TWILIO);
        assertThat(message.providerMessageId()).isEqualTo("MM21151abfaadc1fb79b782f8460862a52");
        assertThat(message.phone()).isEqualTo("+31612345678");
        assertThat(message.type()).isEqualTo(MessageType.IMAGE);
        assertThat(message.media()).isNotNull();
        assertThat(message.media().url()).isEqualTo("https://api.twilio.com/2010-04-01/Accounts/"
                + "AC1a03647d811fab342c0ad608e382fab2/Messages/MM21151abfaadc1fb79b782f8460862a52/Media/"
                + "ME5f0afa2336bd0f73ca553fb5a2e3150bc");
        assertThat(message.media().contentType()).isEqualTo("image/jpeg");
        assertThat(message.text()).isNotBlank().contains("image");
        assertThat(message.metadata()).doesNotContainKey("additionalMedia");
    }

    @Test
    void imageWithCaptionUsesTheCaptionAsText() {
        CanonicalMessage message = normalizer.normalize(
                fixture("twilio-inbound-image.form", form -> form.put("Body", "look at this")));

        assertThat(message.type()).isEqualTo(MessageType.IMAGE);
        assertThat(message.text()).isEqualTo("look at this");
    }

    @Test
    void pdfMediaBecomesFileMessage() {
        CanonicalMessage message = normalizer.normalize(
                fixture("twilio-inbound-image.form", form -> form.put("MediaContentType0", "application/pdf")));

        assertThat(message.type()).isEqualTo(MessageType.FILE);
        assertThat(message.media().contentType()).isEqualTo("application/pdf");
        assertThat(message.media().url()).startsWith("https://api.twilio.com/");
        assertThat(message.text()).isNotBlank().contains("file");
    }

    @Test
    void secondMediaGoesToMetadataAsAdditionalMedia() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-image.form", form -> {
            form.put("NumMedia", "2");
            form.put("MediaUrl1", "https://api.twilio.com/media/2");
            form.put("MediaContentType1", "application/pdf");
        }));

        assertThat(message.type()).isEqualTo(MessageType.IMAGE);
        assertThat(message.metadata()).containsKey("additionalMedia");
        assertThat(message.metadata().get("additionalMedia")).asList()
                .containsExactly(new CanonicalMessage.Media("https://api.twilio.com/media/2", "application/pdf",
                        null, null, null));
    }

    @Test
    void sharedLocationBecomesLocationMessageWithCoordinatesLabelAndAddress() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-location.form"));

        assertThat(message.providerMessageId()).isEqualTo("SM9c871cd9649aa3829298e153ae6a8123");
        assertThat(message.phone()).isEqualTo("+31612345678");
        assertThat(message.type()).isEqualTo(MessageType.LOCATION);
        assertThat(message.media()).isNull();
        assertThat(message.location()).isNotNull();
        assertThat(message.location().latitude()).isEqualTo(52.303897857666016);
        assertThat(message.location().longitude()).isEqualTo(4.750025749206543);
        assertThat(message.location().name()).isEqualTo("Microsoft");
        assertThat(message.location().address())
                .isEqualTo("Evert van de Beekstraat 354, Schiphol, North Holland 1118 CZ");
        assertThat(message.text()).isNotBlank().contains("Microsoft");
    }

    @Test
    void quickReplyButtonUsesButtonTextAsTextAndKeepsPayloadInMetadata() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-button.form"));

        assertThat(message.providerMessageId()).isEqualTo("SM22222222222222222222222222222222");
        assertThat(message.phone()).isEqualTo("+5511999990001");
        assertThat(message.contactName()).isEqualTo("Maria Silva");
        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("Sim, confirmar");
        assertThat(message.metadata())
                .containsEntry("buttonPayload", "confirm_order_123")
                .containsEntry("buttonText", "Sim, confirmar")
                .containsEntry("whatsappMessageType", "button")
                .containsEntry("repliedToMessageSid", "SM33333333333333333333333333333333");
    }

    @Test
    void buttonTextWinsOverADifferentBody() {
        CanonicalMessage message = normalizer.normalize(
                fixture("twilio-inbound-button.form", form -> form.put("Body", "something else")));

        assertThat(message.text()).isEqualTo("Sim, confirmar");
    }

    @Test
    void missingMessageSidIsRejectedWith400() {
        assertBadRequest(
                () -> normalizer.normalize(fixture("twilio-inbound-text.form", form -> form.remove("MessageSid"))),
                "missing field MessageSid");
    }

    @Test
    void blankMessageSidIsRejectedWith400() {
        assertBadRequest(
                () -> normalizer.normalize(fixture("twilio-inbound-text.form", form -> form.put("MessageSid", ""))),
                "missing field MessageSid");
    }

    @Test
    void missingFromIsRejectedWith400() {
        assertBadRequest(() -> normalizer.normalize(fixture("twilio-inbound-text.form", form -> form.remove("From"))),
                "missing field From");
    }

    @Test
    void fromThatIsNotAPhoneNumberIsRejectedWith400() {
        assertBadRequest(() -> normalizer.normalize(
                        fixture("twilio-inbound-text.form", form -> form.put("From", "whatsapp:abc"))),
                "invalid field From");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "99", "-1"})
    void numMediaThatIsNotACountFromZeroToTenIsRejectedWith400(String numMedia) {
        assertBadRequest(() -> normalizer.normalize(
                        fixture("twilio-inbound-text.form", form -> form.put("NumMedia", numMedia))),
                "invalid field NumMedia");
    }

    @Test
    void oneMediaWithoutMediaUrl0IsRejectedWith400() {
        assertBadRequest(() -> normalizer.normalize(
                        fixture("twilio-inbound-image.form", form -> form.remove("MediaUrl0"))),
                "missing field MediaUrl0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"north", "200", "NaN"})
    void latitudeThatIsNotACoordinateIsRejectedWith400(String latitude) {
        assertBadRequest(() -> normalizer.normalize(
                        fixture("twilio-inbound-location.form", form -> form.put("Latitude", latitude))),
                "invalid field Latitude");
    }

    @Test
    void latitudeWithoutLongitudeIsRejectedWith400() {
        assertBadRequest(() -> normalizer.normalize(
                        fixture("twilio-inbound-location.form", form -> form.remove("Longitude"))),
                "invalid field Longitude");
    }
    @Test
    void senderKnownOnlyByTheBsuidHasNoPhoneAndTheBsuidWithoutItsChannelPrefix() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-bsuid.form"));

        assertThat(message.providerMessageId()).isEqualTo("SM7c41e09a2f5b4d38b6e1f0a93d2c5e17");
        assertThat(message.phone()).isNull();
        assertThat(message.userId()).isEqualTo("BR.1582043977165209");
        assertThat(message.contactName()).isEqualTo("Mariana Costa");
        assertThat(message.text()).isEqualTo("Oi! Vocês entregam no sábado?");
    }

    @Test
    void bsuidBesideThePhoneIsKeptWithThePhone() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-bsuid-and-phone.form"));

        assertThat(message.phone()).isEqualTo("+5511999990042");
        assertThat(message.userId()).isEqualTo("BR.1582043977165209");
        assertThat(message.metadata()).containsEntry("waId", "5511999990042");
    }

    @Test
    void bsuidUnderTheChangelogsSpellingExternalUserIdentifierIsReadToo() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-bsuid-and-phone.form", form -> {
            form.put("ExternalUserIdentifier", form.remove("ExternalUserId"));
        }));

        assertThat(message.userId()).isEqualTo("BR.1582043977165209");
    }

    @Test
    void bsuidSenderWithoutExternalUserIdIsKnownByTheFromAddress() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-bsuid.form",
                form -> form.remove("ExternalUserId")));

        assertThat(message.phone()).isNull();
        assertThat(message.userId()).isEqualTo("BR.1582043977165209");
    }

    @Test
    void parentBsuidAndUsernameAreKeptAndTheUsernameNamesASenderWithoutProfileName() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-bsuid.form", form -> {
            form.remove("ProfileName");
            form.put("ParentExternalUserId", "whatsapp:BR.ENT.99887766");
            form.put("ProfileUsername", "@mari.costa");
        }));

        assertThat(message.parentUserId()).isEqualTo("BR.ENT.99887766");
        assertThat(message.username()).isEqualTo("mari.costa");
        assertThat(message.contactName()).isEqualTo("@mari.costa");
    }

    @Test
    void senderWithNeitherNameNorUsernameIsNamedByTheBsuid() {
        CanonicalMessage message = normalizer.normalize(fixture("twilio-inbound-bsuid.form",
                form -> form.remove("ProfileName")));

        assertThat(message.contactName()).isEqualTo("BR.1582043977165209");
    }

    @ParameterizedTest
    @ValueSource(strings = {"whatsapp:BR1582043977165209", "whatsapp:BR.158-2043", "whatsapp:+5511999990042",
            "whatsapp:"})
    void externalUserIdThatIsNotABsuidIsRejectedWith400(String externalUserId) {
        assertBadRequest(() -> normalizer.normalize(fixture("twilio-inbound-bsuid-and-phone.form",
                form -> form.put("ExternalUserId", externalUserId))), "invalid field ExternalUserId");
    }

    @Test
    void fromThatIsNeitherAPhoneNorABsuidIsRejectedWith400() {
        assertBadRequest(() -> normalizer.normalize(fixture("twilio-inbound-bsuid.form", form -> {
            form.remove("ExternalUserId");
            form.put("From", "whatsapp:BR.1582043977165209.x");
        })), "invalid field From");
    }
}
