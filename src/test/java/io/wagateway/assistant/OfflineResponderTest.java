package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineResponderTest {

    private static final SystemMessage SYSTEM = SystemMessage.from("You are the assistant of a shop.");

    private final OfflineResponder responder = new OfflineResponder();

    /** Through the public ChatModel API, as Camel's langchain4j-chat component calls it. */
    private String reply(ChatMessage... messages) {
        return responder.chat(ChatRequest.builder().messages(List.of(messages)).build()).aiMessage().text();
    }

    private static void assertMentionsHowToReachAPerson(String reply) {
        assertThat(reply).contains("\"agent\"").contains("person");
    }

    @Test
    void firstUserMessageGetsTheGreeting() {
        String reply = reply(SYSTEM, UserMessage.from("Where is my order?"));

        assertThat(reply).startsWith("Hello!").contains("offline");
        assertMentionsHowToReachAPerson(reply);
    }

    @Test
    void greetingWordLaterInTheConversationGetsTheGreetingAgain() {
        String reply = reply(SYSTEM, UserMessage.from("first"), AiMessage.from("ok"), UserMessage.from("Hi there"));

        assertThat(reply).startsWith("Hello!");
    }

    @Test
    void portugueseGreetingWithAccentGetsTheGreeting() {
        String reply = reply(SYSTEM, UserMessage.from("first"), AiMessage.from("ok"),
                UserMessage.from("Olá, quero falar com um atendente"));

        assertThat(reply).startsWith("Hello!");
    }

    @Test
    void wordThatOnlyStartsLikeAGreetingIsNotAGreeting() {
        String reply = reply(SYSTEM, UserMessage.from("first"), AiMessage.from("ok"),
                UserMessage.from("hiking boots in size 42"));

        assertThat(reply).doesNotStartWith("Hello!").contains("hiking boots in size 42");
    }

    @Test
    void laterMessageEchoesTheLastUserTextAndCountsMessages() {
        String reply = reply(SYSTEM, UserMessage.from("I ordered shoes"), AiMessage.from("Thanks!"),
                UserMessage.from("  They have not arrived yet  "));

        assertThat(reply).contains("\"They have not arrived yet\"").contains("2 messages");
        assertThat(reply).doesNotContain("I ordered shoes");
        assertMentionsHowToReachAPerson(reply);
    }

    @Test
    void laterQuestionIsEchoedAsAQuestion() {
        String reply = reply(SYSTEM, UserMessage.from("hello"), AiMessage.from("Hello!"),
                UserMessage.from("Do you deliver on Sundays?"));

        assertThat(reply).contains("\"Do you deliver on Sundays?\"").contains("question");
        assertMentionsHowToReachAPerson(reply);
    }

    @Test
    void longUserTextIsAbbreviatedInTheEcho() {
        String longText = "x".repeat(500);

        String reply = reply(SYSTEM, UserMessage.from("first"), UserMessage.from(longText));

        assertThat(reply).contains("x".repeat(197) + "...").doesNotContain("x".repeat(198));
    }

    @Test
    void sameConversationAlwaysGetsTheSameReply() {
        List<ChatMessage> conversation = List.of(SYSTEM, UserMessage.from("first"), AiMessage.from("ok"),
                UserMessage.from("Can I pay by card?"));

        String once = new OfflineResponder().chat(conversation).aiMessage().text();
        String again = new OfflineResponder().chat(conversation).aiMessage().text();

        assertThat(once).isEqualTo(again).isEqualTo(OfflineResponder.answer(conversation));
    }

    @Test
    void replyIsNeverEmpty() {
        assertThat(OfflineResponder.answer(List.of())).isNotBlank();
        assertThat(OfflineResponder.answer(List.of(SYSTEM))).isNotBlank();
        assertThat(reply(SYSTEM, UserMessage.from("."))).isNotBlank();
        assertThat(reply(SYSTEM, UserMessage.from("a"), AiMessage.from("b"), UserMessage.from("?"))).isNotBlank();
        assertThat(reply(SYSTEM, UserMessage.from("a"), AiMessage.from("b"), UserMessage.from(" ."))).isNotBlank();
    }

    @Test
    void aPhotoIsAnsweredAsAPhotoWithItsCaption() {
        assertThat(reply(SYSTEM, UserMessage.from("[photo: image/jpeg] my receipt")))
                .startsWith("Thanks, I received your photo (\"my receipt\").").contains("cannot look at it");
        assertThat(reply(SYSTEM, UserMessage.from("hi"), AiMessage.from("Hello!"),
                UserMessage.from("[photo: image/jpeg]"))).startsWith("Thanks, I received your photo.");
    }

    @Test
    void aVoiceMessageIsAnsweredWithWhatItSaidOnceTranscribed() {
        assertThat(reply(SYSTEM, UserMessage.from("[voice message: audio/ogg]")))
                .startsWith("Thanks, I received your voice message.").contains("cannot listen to it");
        String transcribed = reply(SYSTEM, UserMessage.from("[voice message] Are you open on Sunday?"));
        assertThat(transcribed).startsWith("Thanks for your voice message. I understood: \"Are you open on Sunday?\"");
        assertMentionsHowToReachAPerson(transcribed);
    }

    @Test
    void aDocumentIsAnsweredByItsName() {
        String reply = reply(SYSTEM, UserMessage.from("[document: invoice.pdf] the invoice of May"));

        assertThat(reply).startsWith("Thanks, I received your document invoice.pdf.").contains("cannot read it");
        assertMentionsHowToReachAPerson(reply);
        assertThat(reply(SYSTEM, UserMessage.from("[document: application/pdf]")))
                .startsWith("Thanks, I received your document.");
    }

    @Test
    void mediaThatCouldNotBeDownloadedAreAskedForAgain() {
        assertThat(reply(SYSTEM, UserMessage.from("[video: video/mp4, too large to download]")))
                .startsWith("I received your video, but I could not open it. Could you send it again?");
        assertThat(reply(SYSTEM, UserMessage.from("[photo: image/jpeg, could not be downloaded] look")))
                .startsWith("I received your photo, but I could not open it.");
    }

    @Test
    void aMessageWithAnImageBesideItsTextIsReadByItsText() {
        UserMessage withImage = UserMessage.from(TextContent.from("[photo: image/png] the broken part"),
                ImageContent.from("aGVsbG8=", "image/png"));

        assertThat(reply(SYSTEM, withImage)).startsWith("Thanks, I received your photo (\"the broken part\").");
    }
}
