package io.wagateway.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void nullEmptyAndWhitespaceAreBlank() {
        assertThat(Text.isBlank(null)).isTrue();
        assertThat(Text.isBlank("")).isTrue();
        assertThat(Text.isBlank(" \t\n\u2003")).isTrue();
        assertThat(Text.isBlank(" a ")).isFalse();
        assertThat(Text.isBlank("\u0001")).as("a control character that is no whitespace").isFalse();
    }

    @Test
    void blankToNullKeepsAnyOtherValueAsItIs() {
        assertThat(Text.blankToNull(null)).isNull();
        assertThat(Text.blankToNull("  ")).isNull();
        assertThat(Text.blankToNull(" Home ")).isEqualTo(" Home ");
    }

    @Test
    void trimToNullTrimsAnyOtherValue() {
        assertThat(Text.trimToNull(null)).isNull();
        assertThat(Text.trimToNull(" \t ")).isNull();
        assertThat(Text.trimToNull(" 42 \n")).isEqualTo("42");
        assertThat(Text.trimToNull("\u0001a\u0001")).as("trim() also drops control characters").isEqualTo("a");
    }

    @Test
    void nulCharactersAreDroppedAndEverythingElseKept() {
        assertThat(Text.withoutNul("a\u0000b\u0000")).isEqualTo("ab");
        assertThat(Text.withoutNul("'); --")).isEqualTo("'); --");
        assertThat(Text.withoutNul(null)).isNull();
    }
}
