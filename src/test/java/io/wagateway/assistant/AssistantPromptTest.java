package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.UUID;
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

    @Test
    void withVisionTheImagesOfTheMessagesAnsweredGoAsImageContentAndOlderOnesAsWords() {
        AssistantPrompt vision = new AssistantPrompt(
                new AssistantProperties(null, null, "m", "Be brief.", 20, 1000L, "hold on", null, true));
        ReplyMedia older = HistoryMessageTest.media("image/jpeg", null, "stored");
        ReplyMedia newest = HistoryMessageTest.media("image/png", null, "stored");
        ImageContent image = ImageContent.from("aGVsbG8=", "image/png");

        List<ChatMessage> messages = vision.build(List.of(
                new HistoryMessage(UUID.randomUUID(), "user", "old photo", null, List.of(older)),
                new HistoryMessage("assistant", "Nice!"),
                new HistoryMessage(UUID.randomUUID(), "user", "[image: image/png]", null, List.of(newest))),
                media -> media == newest ? image : ImageContent.from("b2xk", "image/jpeg"));

        assertThat(messages.get(1)).isEqualTo(UserMessage.from("[photo: image/jpeg] old photo"));
        assertThat(((UserMessage) messages.get(3)).contents())
                .containsExactly(TextContent.from("[photo: image/png]"), image);
    }

    @Test
    void withoutVisionImagesAreWordsOnly() {
        ReplyMedia photo = HistoryMessageTest.media("image/jpeg", null, "stored");

        List<ChatMessage> messages = prompt.build(List.of(
                new HistoryMessage(UUID.randomUUID(), "user", "my receipt", null, List.of(photo))),
                media -> ImageContent.from("aGVsbG8=", "image/jpeg"));

        assertThat(messages).containsExactly(SystemMessage.from("Be brief."),
                UserMessage.from("[photo: image/jpeg] my receipt"));
    }

    @Test
    void atMostFiveImagesGoToTheModel() {
        AssistantPrompt vision = new AssistantPrompt(
                new AssistantProperties(null, null, "m", "Be brief.", 20, 1000L, "hold on", null, true));
        List<HistoryMessage> burst = java.util.stream.IntStream.range(0, 7)
                .mapToObj(i -> new HistoryMessage(UUID.randomUUID(), "user", "[image: image/jpeg]", null,
                        List.of(HistoryMessageTest.media("image/jpeg", null, "stored"))))
                .toList();

        List<ChatMessage> messages = vision.build(burst, media -> ImageContent.from("aGVsbG8=", "image/jpeg"));

        long images = messages.stream().filter(UserMessage.class::isInstance)
                .flatMap(message -> ((UserMessage) message).contents().stream())
                .filter(ImageContent.class::isInstance).count();
        assertThat(images).isEqualTo(AssistantPrompt.MAX_IMAGES);
        assertThat(messages).hasSize(8);
    }
}
