package io.wagateway.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.webhook.WebhookException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A body Jackson cannot read is a 400 whose detail says what is wrong with the body in plain words and
 * where, without Jackson's own class and feature names (StreamReadConstraints, FAIL_ON_TRAILING_TOKENS...).
 */
class MetaMalformedJsonTest {

    private final MetaNormalizer normalizer = new MetaNormalizer(new ObjectMapper());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "nested 1001 deep    | it exceeds the parser's limits",
            "a 1500-digit number | it exceeds the parser's limits",
            "trailing token      | there is more after the JSON value (line 1, column",
            "truncated           | it ends before the JSON is complete",
            "NaN                 | Non-standard token 'NaN'",
            "comment             | Unexpected character ('/' (code 47))",
            "latin-1 byte        | Invalid UTF-8 middle byte 0x22 (line 1, column 17)",
    })
    void unreadableJsonIsA400InPlainWordsWithoutJacksonsNames(String kind, String expected) {
        byte[] body = switch (kind) {
            case "nested 1001 deep" -> ("[".repeat(1001) + "]".repeat(1001)).getBytes(StandardCharsets.UTF_8);
            case "a 1500-digit number" -> ("{\"object\":" + "9".repeat(1500) + "}").getBytes(StandardCharsets.UTF_8);
            case "trailing token" -> "{\"object\":\"whatsapp_business_account\"}{}".getBytes(StandardCharsets.UTF_8);
            case "truncated" -> "{\"object\":\"whatsapp_business_account\",\"entry\":["
                    .getBytes(StandardCharsets.UTF_8);
            case "NaN" -> "{\"object\":NaN}".getBytes(StandardCharsets.UTF_8);
            case "comment" -> "{/* hi */}".getBytes(StandardCharsets.UTF_8);
            default -> "{\"object\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        };

        assertThatThrownBy(() -> normalizer.normalize(body)).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.error()).isEqualTo("malformed JSON");
            assertThat(e.detail()).startsWith(expected.strip())
                    .doesNotContain("`", "com.fasterxml", "StreamReadConstraints", "StreamReadFeature",
                            "DeserializationFeature", "JsonNode", "Source:", "REDACTED");
        });
    }
}
