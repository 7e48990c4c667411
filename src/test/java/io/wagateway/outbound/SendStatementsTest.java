package io.wagateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.sql.Sql;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The send statements bind only names {@link SendVariables} declares: a parameter renamed in a
 * statement, or a variable renamed in the routes, fails here instead of at run time. The claimed row is read by
 * its column names ({@link OutgoingMessage}).
 */
class SendStatementsTest {

    @Test
    void everyParameterOfEverySendStatementIsASendVariable() throws Exception {
        List<String> statements = constants(SendStatements.class);
        List<String> variables = constants(SendVariables.class);
        assertThat(statements).hasSize(9);

        Set<String> bound = new HashSet<>();
        for (String statement : statements) {
            assertThat(Sql.parameterNames(statement)).as(statement).isSubsetOf(variables);
            bound.addAll(Sql.parameterNames(statement));
        }
        assertThat(bound).contains(SendVariables.WORKER_ID, SendVariables.MESSAGE_ID, SendVariables.DELIVERY_STATUS,
                SendVariables.INVITATION_METADATA);
    }

    @Test
    void noTwoSendVariablesShareAName() throws Exception {
        assertThat(constants(SendVariables.class)).doesNotHaveDuplicates();
    }

    @Test
    void aClaimedRowIsReadByItsColumnNamesAndAMissingColumnIsNamed() {
        Map<String, Object> row = ClaimedRows.row("kommo");
        row.put("phone", null);
        row.put("kommoChatId", "chat-1");
        row.put("sendAttempts", 2);
        row.put("windowClosed", null);
        row.put("moreDue", true);

        OutgoingMessage outgoing = OutgoingMessage.from(row);

        assertThat(outgoing).isEqualTo(new OutgoingMessage((UUID) row.get("messageId"),
                (UUID) row.get("conversationId"), "kommo", "Hello!", 2, null, null, "chat-1", null, false, null, "SM1",
                false, true));
        assertThat(OutgoingMessage.from(null)).isNull();
        row.remove("correlationId");
        assertThatThrownBy(() -> OutgoingMessage.from(row)).hasMessageContaining("correlationId");
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
