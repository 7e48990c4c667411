package io.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiProviderStatsTest extends ApiIntegrationTestBase {

    @Test
    void oneRowPerProviderWithZerosIncluded() throws Exception {
        UUID recent = conversation("twilio", "+5511999990001", "active", "1 minute");
        lastUserMessage(recent, "1 hour");
        UUID old = conversation("twilio", "+5511999990002", "escalated", "2 days");
        lastUserMessage(old, "2 days");
        conversation("kommo", "+5511999990003", "closed", "1 minute");
        jdbc.update("UPDATE kommo_conversations SET opted_out_at = now() WHERE id = ?", old);

        JsonNode stats = getJson("/api/stats/providers", 200);

        assertThat(stats).isEqualTo(json.readTree("""
                [{"provider": "kommo",  "total": 1, "active": 0, "escalated": 0, "within24h": 0, "optedOut": 0},
                 {"provider": "twilio", "total": 2, "active": 1, "escalated": 1, "within24h": 1, "optedOut": 1},
                 {"provider": "meta",   "total": 0, "active": 0, "escalated": 0, "within24h": 0, "optedOut": 0}]"""));
    }

    @Test
    void emptyDatabaseStillHasTheThreeProviders() {
        JsonNode stats = getJson("/api/stats/providers", 200);

        assertThat(stats).hasSize(3);
        assertThat(stats.findValuesAsText("provider")).containsExactly("kommo", "twilio", "meta");
        assertThat(stats.findValues("total")).allSatisfy(total -> assertThat(total.asLong()).isZero());
    }
}
