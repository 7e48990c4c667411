package io.wagateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.Fixtures;
import io.wagateway.webhook.FormBody;
import io.wagateway.webhook.PublicUrl;
import io.wagateway.webhook.WebhookException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

/** Test vectors: shared/providers/README.md §4.1 (fixtures) and §1.3 (Twilio's documented example). */
class TwilioSignatureVerifierTest {

    private static final String AUTH_TOKEN = "test_auth_token_0123456789abcdef";
    private static final String INBOUND_PATH = "/webhooks/twilio/inbound";
    private static final String TEXT_SIGNATURE = "UvG0ilegGY3JOY9sNsWzpX1gSiU=";
    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void stopCamel() {
        CAMEL.stop();
    }

    private static TwilioSignatureVerifier verifier(String authToken, String publicBaseUrl) {
        return new TwilioSignatureVerifier(
                new TwilioProperties("AC00000000000000000000000000000000", authToken, "whatsapp:+14155238886",
                        "https://api.twilio.com", null),
                new PublicUrl(publicBaseUrl));
    }

    /** The request as the gateway sees it: plain http on localhost:8080, behind whatever proxy. */
    private static MockHttpServletRequest localRequest(String path, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setScheme("http");
        request.setServerName("localhost");
        request.setServerPort(8080);
        request.addHeader("Host", "localhost:8080");
        request.setQueryString(query);
        request.setContentType("application/x-www-form-urlencoded");
        return request;
    }

    private static Exchange exchange(byte[] body, String signature, MockHttpServletRequest request) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setBody(body);
        if (signature != null) {
            exchange.getIn().setHeader("X-Twilio-Signature", signature);
        }
        if (request != null) {
            request.setContent(body);
            exchange.getIn().setHeader(Exchange.HTTP_SERVLET_REQUEST, request);
        }
        return exchange;
    }

    private static Exchange inbound(String fixture, String signature) {
        return exchange(Fixtures.bytes(fixture), signature, localRequest(INBOUND_PATH, null));
    }

    private static void assertForbidden(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.error()).isEqualTo("invalid signature");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "twilio-inbound-text.form, UvG0ilegGY3JOY9sNsWzpX1gSiU=",
            "twilio-inbound-image.form, FoTTXTJ3Dquk4s5sR1WsKaUk8Yo=",
            "twilio-inbound-location.form, RJ1m7PU6l0D+WLnF3OebeJUjTug=",
            "twilio-inbound-button.form, QH6Ylu0W780pByASrpJOnaW0UEY=",
            "twilio-inbound-text-whatsapp-fields.form, XfgAz0Xy7hyB2gSuiG6Kix+aNyk=",
    })
    void publishedSignatureIsAcceptedWithPublicBaseUrlAndFieldsAreReturned(String fixture, String signature) {
        Map<String, String> fields = verifier(AUTH_TOKEN, "https://gateway.example.com")
                .verify(inbound(fixture, signature));

        assertThat(fields).isEqualTo(FormBody.parse(Fixtures.bytes(fixture)));
        assertThat(fields).containsKey("MessageSid");
    }

    @Test
    void publicBaseUrlWithTrailingSlashStillMatches() {
        Map<String, String> fields = verifier(AUTH_TOKEN, "https://gateway.example.com/")
                .verify(inbound("twilio-inbound-text.form", TEXT_SIGNATURE));

        assertThat(fields).containsEntry("Body", "test");
    }

    @Test
    void withoutPublicBaseUrlTheForwardedProtoAndHostRebuildThePublicUrl() {
        MockHttpServletRequest request = localRequest(INBOUND_PATH, null);
        request.addHeader("X-Forwarded-Proto", "https");
        request.addHeader("X-Forwarded-Host", "gateway.example.com");
        Exchange exchange = exchange(Fixtures.bytes("twilio-inbound-text.form"), TEXT_SIGNATURE, request);

        Map<String, String> fields = verifier(AUTH_TOKEN, "").verify(exchange);

        assertThat(fields).containsEntry("MessageSid", "SM892512e202b34d4109b10a3893fa9640");
    }

    @Test
    void withoutPublicBaseUrlTheFirstOfSeveralForwardedValuesCounts() {
        MockHttpServletRequest request = localRequest(INBOUND_PATH, null);
        request.addHeader("X-Forwarded-Proto", "https, http");
        request.addHeader("X-Forwarded-Host", "gateway.example.com, proxy.internal");
        Exchange exchange = exchange(Fixtures.bytes("twilio-inbound-text.form"), TEXT_SIGNATURE, request);

        assertThat(verifier(AUTH_TOKEN, null).verify(exchange)).containsEntry("Body", "test");
    }

    @Test
    void withoutPublicBaseUrlOrForwardedHeadersTheLocalUrlDoesNotMatchTheSignature() {
        assertForbidden(() -> verifier(AUTH_TOKEN, "").verify(inbound("twilio-inbound-text.form", TEXT_SIGNATURE)));
    }

    @Test
    void wrongSignatureIsRejectedWith403() {
        assertForbidden(() -> verifier(AUTH_TOKEN, "https://gateway.example.com")
                .verify(inbound("twilio-inbound-text.form", "FoTTXTJ3Dquk4s5sR1WsKaUk8Yo=")));
    }

    @Test
    void signatureMadeWithAnotherAuthTokenIsRejectedWith403() {
        assertForbidden(() -> verifier("another_token", "https://gateway.example.com")
                .verify(inbound("twilio-inbound-text.form", TEXT_SIGNATURE)));
    }

    @Test
    void missingSignatureHeaderIsRejectedWith403() {
        assertForbidden(() -> verifier(AUTH_TOKEN, "https://gateway.example.com")
                .verify(inbound("twilio-inbound-text.form", null)));
    }

    @Test
    void blankSignatureHeaderIsRejectedWith403() {
        assertForbidden(() -> verifier(AUTH_TOKEN, "https://gateway.example.com")
                .verify(inbound("twilio-inbound-text.form", " ")));
    }

    @Test
    void oneChangedFieldWithTheOriginalSignatureIsRejectedWith403() {
        String original = new String(Fixtures.bytes("twilio-inbound-text.form"), StandardCharsets.US_ASCII);
        String tampered = original.replace("&Body=test&", "&Body=tesT&");
        assertThat(tampered).isNotEqualTo(original);
        Exchange exchange = exchange(tampered.getBytes(StandardCharsets.US_ASCII), TEXT_SIGNATURE,
                localRequest(INBOUND_PATH, null));

        assertForbidden(() -> verifier(AUTH_TOKEN, "https://gateway.example.com").verify(exchange));
    }

    @Test
    void signatureForAnotherPathIsRejectedWith403() {
        Exchange exchange = exchange(Fixtures.bytes("twilio-inbound-text.form"), TEXT_SIGNATURE,
                localRequest("/webhooks/twilio/status", null));

        assertForbidden(() -> verifier(AUTH_TOKEN, "https://gateway.example.com").verify(exchange));
    }

    @Test
    void withoutAuthTokenNothingIsCheckedAndTheFieldsAreReturned() {
        Exchange exchange = exchange(Fixtures.bytes("twilio-inbound-text.form"), "not-a-signature", null);

        Map<String, String> fields = verifier("", "").verify(exchange);

        assertThat(fields).isEqualTo(FormBody.parse(Fixtures.bytes("twilio-inbound-text.form")));
    }

    @Test
    void withoutAuthTokenAMissingSignatureHeaderIsFine() {
        assertThat(verifier(null, null).verify(inbound("twilio-inbound-text.form", null)))
                .containsEntry("Body", "test");
    }

    @Test
    void malformedFormBodyIsA400EvenBeforeTheSignatureIsChecked() {
        Exchange exchange = exchange("a=%ZZ".getBytes(StandardCharsets.US_ASCII), TEXT_SIGNATURE,
                localRequest(INBOUND_PATH, null));

        assertThatThrownBy(() -> verifier(AUTH_TOKEN, "https://gateway.example.com").verify(exchange))
                .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    /** Twilio's documented example: https://example.com/myapp.php?foo=1&bar=2, token 12345. */
    private static final byte[] OFFICIAL_BODY = ("CallSid=CA1234567890ABCDE&Caller=%2B14158675310&Digits=1234"
            + "&From=%2B14158675310&To=%2B18005551212").getBytes(StandardCharsets.US_ASCII);
    private static final String OFFICIAL_SIGNATURE = "L/OH5YylLD5NRKLltdqwSvS0BnU=";

    @Test
    void officialTwilioExampleWithQueryStringMatchesWithPublicBaseUrl() {
        Exchange exchange = exchange(OFFICIAL_BODY, OFFICIAL_SIGNATURE, localRequest("/myapp.php", "foo=1&bar=2"));

        assertThat(verifier("12345", "https://example.com").verify(exchange))
                .containsEntry("Caller", "+14158675310")
                .containsEntry("Digits", "1234");
    }

    @Test
    void officialTwilioExampleWithQueryStringMatchesBehindForwardingProxy() {
        MockHttpServletRequest request = localRequest("/myapp.php", "foo=1&bar=2");
        request.addHeader("X-Forwarded-Proto", "https");
        request.addHeader("X-Forwarded-Host", "example.com");
        Exchange exchange = exchange(OFFICIAL_BODY, OFFICIAL_SIGNATURE, request);

        assertThat(verifier("12345", "").verify(exchange)).containsEntry("To", "+18005551212");
    }

    @Test
    void officialTwilioExampleWithoutItsQueryStringIsRejectedWith403() {
        Exchange exchange = exchange(OFFICIAL_BODY, OFFICIAL_SIGNATURE, localRequest("/myapp.php", null));

        assertForbidden(() -> verifier("12345", "https://example.com").verify(exchange));
    }
}
