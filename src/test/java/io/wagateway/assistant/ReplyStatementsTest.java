package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.support.StatementNames;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reply statements bind only variables the reply routes name in {@link ReplyVariables}: a parameter renamed in
 * a statement, or a variable renamed in the routes, fails here instead of at run time. The claimed row is read by
 * its column names ({@link ReplyJob}).
 */
class ReplyStatementsTest {

    @Test
    void everyParameterOfEveryReplyStatementIsAReplyVariable() {
        List<String> statements = StatementNames.constants(ReplyStatements.class);
        List<String> variables = StatementNames.constants(ReplyVariables.class);
        assertThat(statements).hasSize(14);

        Set<String> bound = StatementNames.assertBindOnly(statements, variables);
        assertThat(bound).contains(ReplyVariables.CLAIM_TOKENS, ReplyVariables.CONVERSATION_ID);
    }

    @Test
    void noTwoReplyVariablesShareAName() {
        assertThat(StatementNames.constants(ReplyVariables.class)).doesNotHaveDuplicates();
    }

    @Test
    void aClaimedRowIsReadByItsColumnNamesAndAMissingColumnIsNamed() {
        UUID conversation = UUID.randomUUID();
        Timestamp requestedAt = Timestamp.valueOf("2026-01-02 03:04:05.123456");
        Map<String, Object> row = new HashMap<>(Map.of("conversationId", conversation, "requestedAt", requestedAt,
                "attempts", 2, "claimToken", UUID.randomUUID(), "provider", "meta", "status", "escalated",
                "correlationId", "wamid.1", "moreDue", true));
        row.put("previousError", null);

        ReplyJob job = ReplyJob.from(row);

        assertThat(job).isEqualTo(new ReplyJob(conversation, requestedAt, 2, (UUID) row.get("claimToken"), null,
                "meta", "escalated", "wamid.1", true));
        assertThat(job.active()).isFalse();
        assertThat(ReplyJob.from(null)).isNull();
        row.remove("moreDue");
        assertThatThrownBy(() -> ReplyJob.from(row)).hasMessageContaining("moreDue");
    }
}
