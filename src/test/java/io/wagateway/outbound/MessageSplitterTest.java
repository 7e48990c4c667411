package io.wagateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.canonical.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    private static final String GRIN = "\uD83D\uDE00"; // one emoji, two chars (a surrogate pair)

    private final MessageSplitter splitter = new MessageSplitter();

    /** Words of varying length ("w0", "word1", "wordy2"...), separated by single spaces, about {@code length} chars. */
    private static String words(int length) {
        String[] stems = {"w", "word", "wordy", "a", "longerword", "mid"};
        List<String> words = new ArrayList<>();
        int total = 0;
        for (int i = 0; total < length; i++) {
            String word = stems[i % stems.length] + i;
            words.add(word);
            total += word.length() + 1;
        }
        return String.join(" ", words).substring(0, Math.min(length, total - 1)).strip();
    }

    private static String repeat(String unit, int times) {
        return unit.repeat(times);
    }

    @Test
    void limitsAre1600ForTwilioAnd4096ForMeta() {
        assertThat(MessageSplitter.limitOf(Provider.TWILIO)).isEqualTo(1600);
        assertThat(MessageSplitter.limitOf(Provider.META)).isEqualTo(4096);
    }

    @Test
    void textWithinTheLimitIsOnePartUnchanged() {
        String text = "Hello!\n\nThis is a short reply.";

        assertThat(splitter.split(text, "twilio")).containsExactly(text);
        assertThat(MessageSplitter.split("x".repeat(1600), 1600)).containsExactly("x".repeat(1600));
    }

    @Test
    void emptyTextIsOneEmptyPart() {
        assertThat(MessageSplitter.split("", 1600)).containsExactly("");
    }

    @Test
    void longTextOfWordsIsSplitForTwilioAtWordBoundariesWithinTheLimit() {
        String text = words(4000);
        assertThat(text.length()).isBetween(3990, 4000);

        List<String> parts = splitter.split(text, "twilio");

        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.length()).isLessThanOrEqualTo(1600);
            assertThat(part).isNotBlank().doesNotStartWith(" ").doesNotEndWith(" ");
        });
        assertThat(String.join(" ", parts)).isEqualTo(text);
        // every part ends with a whole word: the last word of a part is followed by a space in the original
        List<String> originalWords = Arrays.asList(text.split(" "));
        for (String part : parts) {
            assertThat(originalWords).containsAll(Arrays.asList(part.split(" ")));
        }
    }

    @Test
    void partsAreNotSplitWastefullyEarly() {
        List<String> parts = MessageSplitter.split(words(4000), 1600);

        // a cut at a word boundary never loses more than one word's length at the end of a part
        parts.subList(0, parts.size() - 1).forEach(part -> assertThat(part.length()).isGreaterThan(1580));
    }

    @Test
    void splitPrefersAParagraphBreakOverLaterWordBoundaries() {
        String first = words(1000);
        String second = words(1200);
        String text = first + "\n\n" + second;

        List<String> parts = splitter.split(text, "twilio");

        assertThat(parts).containsExactly(first, second);
    }

    @Test
    void splitPrefersALineBreakOverLaterWordBoundaries() {
        String first = words(1000);
        String second = words(1200);

        assertThat(MessageSplitter.split(first + "\n" + second, 1600)).containsExactly(first, second);
    }

    @Test
    void paragraphBreakInTheFirstHalfIsIgnoredInFavourOfALaterWordBoundary() {
        String text = words(300) + "\n\n" + words(3000);

        List<String> parts = MessageSplitter.split(text, 1600);

        assertThat(parts.get(0).length()).isGreaterThan(800).isLessThanOrEqualTo(1600);
    }

    @Test
    void wordLongerThanTheLimitIsCutHardWithoutSplittingASurrogatePair() {
        // an odd prefix makes the hard cut at 1600 fall between the halves of an emoji
        String text = "x" + repeat(GRIN, 2500);
        assertThat(text.length()).isEqualTo(5001);
        assertThat(Character.isLowSurrogate(text.charAt(1600))).isTrue();

        List<String> parts = splitter.split(text, "twilio");

        assertThat(parts).hasSizeGreaterThanOrEqualTo(4);
        assertThat(String.join("", parts)).isEqualTo(text);
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.length()).isBetween(1, 1600);
            assertThat(Character.isLowSurrogate(part.charAt(0))).as("starts with a low surrogate").isFalse();
            assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1))).as("ends with a high surrogate")
                    .isFalse();
        });
    }

    @Test
    void wordOf5000PlainCharactersIsCutHardAtTheLimit() {
        String text = "a".repeat(5000);

        List<String> parts = MessageSplitter.split(text, 1600);

        assertThat(parts).extracting(String::length).containsExactly(1600, 1600, 1600, 200);
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void metaAllows4096CharactersInOnePart() {
        String text = words(4096);
        String exactly4096 = "b".repeat(4096);

        assertThat(splitter.split(exactly4096, "meta")).containsExactly(exactly4096);
        assertThat(splitter.split(text, "meta")).containsExactly(text);
        assertThat(splitter.split(text, "twilio")).hasSizeGreaterThan(1);
    }

    @Test
    void metaSplitsBeyond4096CharactersIntoPartsWithinItsLimit() {
        String text = words(9000);

        List<String> parts = splitter.split(text, "meta");

        assertThat(parts).hasSize(3).allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(4096));
        assertThat(parts.stream().collect(Collectors.joining(" "))).isEqualTo(text);
    }
}
