package io.wagateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormBodyTest {

    private static Map<String, String> parse(String body) {
        return FormBody.parse(body.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void plusDecodesToSpace() {
        assertThat(parse("Body=Sim+confirmar")).containsExactly(Map.entry("Body", "Sim confirmar"));
    }

    @Test
    void percentEscapesDecodeInNamesAndValues() {
        assertThat(parse("From=whatsapp%3A%2B31612345678&a%20b=1%2b1%3d2"))
                .containsExactly(Map.entry("From", "whatsapp:+31612345678"), Map.entry("a b", "1+1=2"));
    }

    @Test
    void multiByteUtf8EscapesDecodeToOneCharacter() {
        assertThat(parse("Body=Ol%C3%A1")).containsEntry("Body", "Olá");
        assertThat(parse("Body=%F0%9F%98%80")).containsEntry("Body", "\uD83D\uDE00");
    }

    @Test
    void emptyValueIsKeptAsEmptyString() {
        assertThat(parse("Body=&NumMedia=0")).containsExactly(Map.entry("Body", ""), Map.entry("NumMedia", "0"));
    }

    @Test
    void keyWithoutEqualsSignHasEmptyValue() {
        assertThat(parse("flag&a=1")).containsExactly(Map.entry("flag", ""), Map.entry("a", "1"));
    }

    @Test
    void repeatedKeyKeepsTheFirstValue() {
        assertThat(parse("a=1&b=2&a=3")).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @Test
    void fieldsKeepArrivalOrderAndEmptyPairsAreSkipped() {
        assertThat(parse("z=1&&a=2&")).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"));
    }

    @Test
    void valueMayContainEqualsSigns() {
        assertThat(parse("a=b=c")).containsExactly(Map.entry("a", "b=c"));
    }

    @Test
    void emptyOrNullBodyGivesNoFields() {
        assertThat(FormBody.parse(new byte[0])).isEmpty();
        assertThat(FormBody.parse(null)).isEmpty();
    }

    @Test
    void parsedFieldsAreUnmodifiable() {
        Map<String, String> fields = parse("a=1");
        assertThatThrownBy(() -> fields.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%ZZ", "a=%4", "a=%", "a=%C3%28", "%ZZ=1", "a=ok&b=%G1"})
    void malformedPercentEscapeOrInvalidUtf8IsRejectedWith400(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.error()).isEqualTo("malformed form body");
        });
    }

    @Test
    void truncatedPercentEscapeIsNamedInTheDetail() {
        assertThatThrownBy(() -> parse("a=%4")).isInstanceOfSatisfying(WebhookException.class,
                e -> assertThat(e.detail()).contains("truncated"));
    }

    @Test
    void invalidUtf8IsNamedInTheDetail() {
        assertThatThrownBy(() -> parse("a=%C3%28")).isInstanceOfSatisfying(WebhookException.class,
                e -> assertThat(e.detail()).contains("UTF-8"));
    }

    @Test
    void rawNonAsciiByteIsRejectedWith400() {
        byte[] body = "Body=Olá".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FormBody.parse(body)).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.error()).isEqualTo("malformed form body");
            assertThat(e.detail()).contains("non-ASCII");
        });
    }

    @Test
    void rawLatin1ByteIsRejectedWith400() {
        byte[] body = {'a', '=', (byte) 0xE9};

        assertThatThrownBy(() -> FormBody.parse(body)).isInstanceOfSatisfying(WebhookException.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }
}
