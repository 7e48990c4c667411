package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.sql.Sql;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
    void everyParameterOfEveryReplyStatementIsAReplyVariable() throws Exception {
        List<String> statements = constants(ReplyStatements.class);
        List<String> variables = constants(ReplyVariables.class);
        assertThat(statements).hasSize(11);

        Set<String> bound = new HashSet<>();
        for (String statement : statements) {
            assertThat(Sql.parameterNames(statement)).as(statement).isSubsetOf(variables);
            bound.addAll(Sql.parameterNames(statement));
        }
        assertThat(bound).contains(ReplyVariables.CLAIM_TOKENS, ReplyVariables.CONVERSATION_ID);
    }

    @Test
    void noTwoReplyVariablesShareAName() throws Exception {
        assertThat(constants(ReplyVariables.class)).doesNotHaveDuplicates();
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

    private static List<String> constants(Class<?> type) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }
}
