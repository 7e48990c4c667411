package io.wagateway.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationKeywordsTest {

    private final EscalationKeywords keywords = new EscalationKeywords("human,agent,operator");

    private static HistoryMessage user(String content) {
        return new HistoryMessage("user", content);
    }

    private static HistoryMessage assistant(String content) {
        return new HistoryMessage("assistant", content);
    }

    @Test
    void keywordInAnyCaseInTheNewestUserMessageAsksForAPerson() {
        assertThat(keywords.requested(List.of(user("I want to talk to a HUMAN please")))).isTrue();
    }

    @Test
    void keywordNextToPunctuationCounts() {
        assertThat(keywords.requested(List.of(user("Agent!")))).isTrue();
        assertThat(keywords.requested(List.of(user("operator, now")))).isTrue();
    }

    @Test
    void keywordInsideALongerWordDoesNotCount() {
        assertThat(keywords.requested(List.of(user("humanity is great")))).isFalse();
        assertThat(keywords.requested(List.of(user("my travel agents booked it")))).isFalse();
        assertThat(keywords.requested(List.of(user("superhuman")))).isFalse();
        assertThat(keywords.requested(List.of(user("agent007")))).isFalse();
    }

    @Test
    void onlyTheNewestUserMessageCounts() {
        List<HistoryMessage> history = List.of(
                user("I want a human"),
                assistant("Let me help you first"),
                user("never mind, where is my order?"));

        assertThat(keywords.requested(history)).isFalse();
    }

    @Test
    void everyMessageOfTheUsersNewestBurstCounts() {
        List<HistoryMessage> history = List.of(
                user("hello"),
                assistant("Hi! How can I help?"),
                user("I want a human"),
                user("please"),
                user("now"));

        assertThat(keywords.requested(history)).isTrue();
    }

    @Test
    void assistantMessagesAfterTheNewestUserMessageAreIgnored() {
        List<HistoryMessage> history = List.of(
                user("operator please"),
                assistant("Write agent to talk to a human"));

        assertThat(keywords.requested(history)).isTrue();
    }

    @Test
    void keywordOnlyInAnAssistantMessageDoesNotCount() {
        List<HistoryMessage> history = List.of(
                user("hello"),
                assistant("Write \"agent\" to talk to a person"));

        assertThat(keywords.requested(history)).isFalse();
    }

    @Test
    void emptyHistoryDoesNotAskForAPerson() {
        assertThat(keywords.requested(List.of())).isFalse();
    }

    @Test
    void spacesAroundConfiguredKeywordsAreIgnored() {
        EscalationKeywords spaced = new EscalationKeywords(" human , atendente ,, ");

        assertThat(spaced.requested(List.of(user("quero falar com um atendente")))).isTrue();
        assertThat(spaced.requested(List.of(user("a HUMAN")))).isTrue();
    }

    @Test
    void noConfiguredKeywordsNeverEscalates() {
        assertThat(new EscalationKeywords("").requested(List.of(user("human agent operator")))).isFalse();
    }

    @Test
    void nonAsciiKeywordMatchesCaseInsensitivelyAtWordBoundaries() {
        EscalationKeywords accented = new EscalationKeywords("atenção");

        assertThat(accented.requested(List.of(user("ATENÇÃO por favor")))).isTrue();
        assertThat(accented.requested(List.of(user("desatenção")))).isFalse();
    }
}
