package io.wagateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateTextTest {

    @Test
    void lineBreaksAndTabsBecomeOneSpaceEach() {
        assertThat(TemplateText.of("Your order shipped.\n\nTrack it here:\r\n  https://x.example/1\tThanks!", 900))
                .isEqualTo("Your order shipped. Track it here: https://x.example/1 Thanks!");
    }

    @Test
    void moreThanFourSpacesInARowBecomeOneAndUpToFourStay() {
        assertThat(TemplateText.of("a     b    c", 900)).isEqualTo("a b    c");
    }

    @Test
    void unicodeLineSeparatorsCountAsBreaks() {
        assertThat(TemplateText.of("one\u2028two\u2029three\u0085four", 900)).isEqualTo("one two three four");
    }

    @Test
    void aTextLongerThanTheBoundIsNotCutButCannotBeCarried() {
        assertThat(TemplateText.of("x".repeat(901), 900)).isNull();
        assertThat(TemplateText.of("x".repeat(900), 900)).hasSize(900);
    }

    @Test
    void theBoundAppliesAfterNormalizing() {
        assertThat(TemplateText.of("a" + "\n".repeat(50) + "b", 3)).isEqualTo("a b");
    }

    @Test
    void blankOrNullCannotBeCarried() {
        assertThat(TemplateText.of(" \n\t ", 900)).isNull();
        assertThat(TemplateText.of(null, 900)).isNull();
    }
}
