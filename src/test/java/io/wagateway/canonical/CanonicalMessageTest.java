package io.wagateway.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalMessageTest {

    @Test
    void metadataKeysWithoutValueAreDroppedAndTheRestKeptInOrder() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("waId", "15550001111");
        metadata.put("order", null);
        metadata.put("forwarded", true);

        CanonicalMessage message = new CanonicalMessage(Provider.META, "wamid.M", "+15550001111", null, null, null,
                null, null, MessageType.TEXT, "hi", null, null, null, metadata);

        assertThat(message.metadata()).containsExactly(Map.entry("waId", "15550001111"), Map.entry("forwarded", true));
    }

    @Test
    void missingMetadataAndTextBecomeEmpty() {
        CanonicalMessage message = new CanonicalMessage(Provider.TWILIO, "SM1", "+15550001111", null, null, null,
                null, null, MessageType.TEXT, null, null, null, null, null);

        assertThat(message.metadata()).isEmpty();
        assertThat(message.text()).isEmpty();
        assertThat(message.receivedAt()).isNotNull();
    }
}
