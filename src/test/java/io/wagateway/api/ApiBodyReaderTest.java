package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding request bodies to records: what Jackson would take leniently is a 400 here. */
class ApiBodyReaderTest {

    private final ApiBodyReader reader = new ApiBodyReader(new ObjectMapper());

    private OutboundMessage read(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8), OutboundMessage.class);
    }

    private void refused(String body, String error, String detail) {
        assertThatThrownBy(() -> read(body)).as(body).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.detail()).contains(detail);
        });
    }

    @Test
    void fieldsAreBoundAndAbsentOrNullOnesAreNull() {
        assertThat(read("{\"text\": \"hi\", \"author\": \"system\"}"))
                .isEqualTo(new OutboundMessage("hi", "system", null, null, null));
        assertThat(read("{\"text\": \"hi\", \"author\": null}"))
                .isEqualTo(new OutboundMessage("hi", null, null, null, null));
        assertThat(read("{}")).isEqualTo(new OutboundMessage(null, null, null, null, null));
    }

    @Test
    void noOtherTypeIsTakenForAString() {
        for (String value : List.of("42", "4.2", "true", "[\"hi\"]", "{\"body\": \"hi\"}")) {
            refused("{\"text\": " + value + "}", "invalid field text", "text must be a string");
        }
    }

    @Test
    void anUnknownFieldIsNamedBeforeAnyTypeIsLookedAt() {
        refused("{\"text\": 42, \"to\": \"+1555\"}", "unknown field to", "the body may have only text, author");
        refused("{\"" + "x".repeat(60) + "\": 1}", "unknown field " + "x".repeat(50) + "...", "may have only");
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsInvalidJson() {
        refused("", "invalid JSON", "the body is empty");
        refused("{\"text\": \"a\", \"text\": \"b\"}", "invalid JSON", "Duplicate field 'text'");
        refused("{\"text\": \"a\"} {}", "invalid JSON", "the body is not valid JSON");
        refused("[]", "invalid JSON", "the body must be a JSON object");
    }

    @Test
    void theFieldsOfABodyAreItsRecordsComponentsInOrder() {
        assertThat(ApiBodyReader.fields(NewConversation.class))
                .containsExactly("provider", "phone", "userId", "text", "contactName", "author");
    }
}
