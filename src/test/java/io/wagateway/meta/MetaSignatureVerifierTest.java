package io.wagateway.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.Fixtures;
import io.wagateway.webhook.WebhookException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Test vectors: shared/providers/README.md §4.1 (fixtures, app secret test_app_secret) and §2.2 (generic). */
class MetaSignatureVerifierTest {

    private static final String APP_SECRET = "test_app_secret";
    private static final String TEXT_SIGNATURE =
            "sha256=7bce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c481";
    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void stopCamel() {
        CAMEL.stop();
    }

    private static MetaSignatureVerifier verifier(String appSecret) {
        return new MetaSignatureVerifier(new MetaProperties("token", "106540352242922", appSecret, "verify",
                null, null, null, null));
    }

    private static Exchange exchange(byte[] body, String signature) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setBody(body);
        if (signature != null) {
            exchange.getIn().setHeader("X-Hub-Signature-256", signature);
        }
        return exchange;
    }

    private static void assertForbidden(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.error()).isEqualTo("invalid signature");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "meta-inbound-text.json, sha256=7bce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c481",
            "meta-inbound-image.json, sha256=65a31906411a865225ab2f105a6ea6e42b0fd4b8a0248723775a0df46d8b0366",
            "meta-inbound-document.json, sha256=fd24805b15f568d63993eca89994e10f901229e2f75bdcdd5ad142662b4210e8",
            "meta-inbound-audio-voice.json, sha256=cb751413b8a467d7c24bfd37ed1e1bbe758d48f359eabcaeed019d60c7244d15",
            "meta-inbound-location.json, sha256=8f333a7e90236a1eb1fe613fb8998c24604f78a3aa879487d7e5057c92624b23",
            "meta-inbound-sticker.json, sha256=c0aafbd4728a2c2efd1b2e177a41af76b418c91a69a972ce79467495ab0226dd",
            "meta-inbound-interactive-button-reply.json, "
                    + "sha256=99f68be1f43a2f5d053fa4070e4af79deccde86c7572755d1ce568fc73c571a7",
            "meta-inbound-button.json, sha256=f063fee053a27a1ddca93810ab8f3c87d89f2305fce69ec77060f11aca3f46c4",
            "meta-status-sent.json, sha256=4fb30eed151cf2bea36f2199a07c2b85257bf13bd39b3b82c7283ffe32cb9de7",
            "meta-status-delivered.json, sha256=6fd3b3b063bd269d76924c765975ff1476f87e85886582e838b41e8f974793fb",
            "meta-status-read.json, sha256=8587217e4a7b4aa13af8c91f96c844a9e3079f6a91dafc74c98653204672dd00",
            "meta-status-failed-130472.json, sha256=a9fa58171f38d277963fe1c31291bdad56af8982d9ee18cf1b898590945268ae",
    })
    void publishedFixtureSignatureIsAcceptedAndTheRawBodyIsReturned(String fixture, String signature) {
        byte[] body = Fixtures.bytes(fixture);

        assertThat(verifier(APP_SECRET).verify(exchange(body, signature))).isEqualTo(body);
        assertThat(MetaSignatureVerifier.sign(body, APP_SECRET)).isEqualTo(signature);
    }

    @Test
    void genericPublishedVectorMatches() {
        byte[] body = "test".getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914";

        assertThat(MetaSignatureVerifier.sign(body, "secret")).isEqualTo(signature);
        assertThat(verifier("secret").verify(exchange(body, signature))).isEqualTo(body);
    }

    @Test
    void upperCaseHexAndSurroundingSpacesAreAccepted() {
        byte[] body = Fixtures.bytes("meta-inbound-text.json");

        assertThat(verifier(APP_SECRET).verify(
                exchange(body, " sha256=" + TEXT_SIGNATURE.substring(7).toUpperCase() + " "))).isEqualTo(body);
    }

    @Test
    void signatureOfAnotherFixtureIsRejectedWith403() {
        assertForbidden(() -> verifier(APP_SECRET).verify(exchange(Fixtures.bytes("meta-inbound-image.json"),
                TEXT_SIGNATURE)));
    }

    @Test
    void oneChangedByteWithTheOriginalSignatureIsRejectedWith403() {
        String original = new String(Fixtures.bytes("meta-inbound-text.json"), StandardCharsets.UTF_8);
        byte[] tampered = original.replace("another color", "another colour").getBytes(StandardCharsets.UTF_8);

        assertForbidden(() -> verifier(APP_SECRET).verify(exchange(tampered, TEXT_SIGNATURE)));
    }

    @Test
    void reformattedJsonWithTheOriginalSignatureIsRejectedWith403() {
        String compact = new String(Fixtures.bytes("meta-inbound-text.json"), StandardCharsets.UTF_8)
                .replaceAll("\\s*\n\\s*", "");

        assertForbidden(() -> verifier(APP_SECRET).verify(exchange(compact.getBytes(StandardCharsets.UTF_8),
                TEXT_SIGNATURE)));
    }

    @Test
    void signatureMadeWithAnotherSecretIsRejectedWith403() {
        assertForbidden(() -> verifier("another_secret").verify(exchange(Fixtures.bytes("meta-inbound-text.json"),
                TEXT_SIGNATURE)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ",
            "7bce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c481",
            "sha1=7bce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c481",
            "SHA256=7bce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c481",
            "sha256=",
            "sha256=zzce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c481",
            "sha256=7bce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c4",
            "sha256=7bce68e96659caf07a2fa90fd85072c199eb50d558bfc444c21c21dab058c48100"})
    void blankMalformedOrWronglyPrefixedSignatureIsRejectedWith403(String signature) {
        assertForbidden(() -> verifier(APP_SECRET).verify(exchange(Fixtures.bytes("meta-inbound-text.json"),
                signature)));
    }

    @Test
    void missingSignatureHeaderIsRejectedWith403() {
        assertForbidden(() -> verifier(APP_SECRET).verify(exchange(Fixtures.bytes("meta-inbound-text.json"), null)));
    }

    @Test
    void withoutAppSecretNothingIsCheckedAndTheRawBodyIsReturned() {
        byte[] body = Fixtures.bytes("meta-inbound-text.json");

        assertThat(verifier("").verify(exchange(body, null))).isEqualTo(body);
        assertThat(verifier(null).verify(exchange(body, "sha256=forged"))).isEqualTo(body);
    }
}
