package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssistantPromptTest {

    private final AssistantPrompt prompt = new AssistantPrompt(
            new AssistantProperties(null, null, "m", "Be brief.", 20, 1000L, "hold on", null, null));

    @Test
    void systemPromptComesFirstThenTheHistoryInOrderWithItsRoles() {
        List<ChatMessage> messages = prompt.build(List.of(
                new HistoryMessage("user", "Hi"),
                new HistoryMessage("assistant", "Hello!"),
                new HistoryMessage("user", "Open today?")));

        assertThat(messages).containsExactly(SystemMessage.from("Be brief."), UserMessage.from("Hi"),
                AiMessage.from("Hello!"), UserMessage.from("Open today?"));
    }

    @Test
    void blankMessagesAreLeftOutBecauseTheModelApiRefusesThem() {
        List<ChatMessage> messages = prompt.build(List.of(
                new HistoryMessage("user", " "),
                new HistoryMessage("user", "Hi")));

        assertThat(messages).containsExactly(SystemMessage.from("Be brief."), UserMessage.from("Hi"));
    }
}
