package io.wagateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagateway.support.StatementNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The send and enqueue statements bind only names {@link SendVariables} declares: a parameter renamed in a
 * statement, or a variable renamed in the routes, fails here instead of at run time. The rows are read by their
 * column names ({@link OutgoingMessage}, {@link TargetConversation}).
 */
class SendStatementsTest {

    @Test
    void everyParameterOfEverySendStatementIsASendVariable() {
        List<String> statements = StatementNames.constants(SendStatements.class);
        List<String> variables = StatementNames.constants(SendVariables.class);
        assertThat(statements).hasSize(18);

        Set<String> bound = StatementNames.assertBindOnly(statements, variables);
        assertThat(bound).contains(SendVariables.WORKER_ID, SendVariables.MESSAGE_ID, SendVariables.DELIVERY_STATUS,
                SendVariables.INVITATION_METADATA, SendVariables.TEMPLATE_CARRIES);
    }

    @Test
    void noTwoSendVariablesShareAName() {
        assertThat(StatementNames.constants(SendVariables.class)).doesNotHaveDuplicates();
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
                false, true, null));
        assertThat(OutgoingMessage.from(null)).isNull();
        row.remove("correlationId");
        assertThatThrownBy(() -> OutgoingMessage.from(row)).hasMessageContaining("correlationId");
    }

    @Test
    void theConversationOfAnEnqueueIsReadByItsColumnNames() {
        UUID id = UUID.randomUUID();
        UUID mergedInto = UUID.randomUUID();
        Map<String, Object> row = new HashMap<>(Map.of("id", id, "provider", "meta", "status", "merged",
                "mergedInto", mergedInto, "optedOut", true, "phone", "+5511999990042"));

        TargetConversation conversation = TargetConversation.from(row);

        assertThat(conversation).isEqualTo(new TargetConversation(id, "meta", "merged", mergedInto, true));
        assertThat(conversation.merged()).isTrue();
        assertThat(conversation.closed()).isFalse();
        assertThat(TargetConversation.from(null)).isNull();
        row.remove("optedOut");
        assertThatThrownBy(() -> TargetConversation.from(row)).hasMessageContaining("optedOut");
    }
}
