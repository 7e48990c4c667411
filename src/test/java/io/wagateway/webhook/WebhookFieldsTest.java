package io.wagateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookFieldsTest {

    @Test
    void anIdentifierOfUpTo256CharactersIsKeptAsItIs() {
        String id = "wamid." + "A".repeat(250);

        assertThat(WebhookFields.identifier("id", id)).isSameAs(id);
        assertThat(WebhookFields.identifier("id", "O'Brien \"quoted\" ?:#x $$ 😀"))
                .isEqualTo("O'Brien \"quoted\" ?:#x $$ 😀");
        assertThat(WebhookFields.identifier("phone", null)).isNull();
    }

    @Test
    void anIdentifierTooLongForAnIndexEntryIsA400NamingTheField() {
        assertThatThrownBy(() -> WebhookFields.identifier("message[add][0][chat_id]", "x".repeat(257)))
                .isInstanceOfSatisfying(WebhookException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid field message[add][0][chat_id]");
                    assertThat(e.detail()).isEqualTo("longer than 256 characters (257)");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"SM1\nINFO forged log line", "SM1\r", "SM1\u0000", "SM1\u001b[31m", "\u0085SM1"})
    void anIdentifierWithControlCharactersIsA400ThatShowsThemEscaped(String id) {
        assertThatThrownBy(() -> WebhookFields.identifier("MessageSid", id))
                .isInstanceOfSatisfying(WebhookException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid field MessageSid");
                    assertThat(e.detail()).startsWith("contains control characters: '").contains("\\u00")
                            .doesNotContain("\n", "\r", "\u0000", "\u001b");
                });
    }

    @Test
    void aQuotedValueIsCutAfter64CharactersAndSaysHowLongItWas() {
        assertThat(WebhookFields.quote("whatsapp:abc")).isEqualTo("'whatsapp:abc'");
        assertThat(WebhookFields.quote("😀".repeat(100))).isEqualTo("'" + "😀".repeat(64) + "'… (200 characters)");
        assertThat(WebhookFields.quote("a\tb")).isEqualTo("'a\\u0009b'");
        assertThat(WebhookFields.quote(null)).isEqualTo("null");
    }
}
