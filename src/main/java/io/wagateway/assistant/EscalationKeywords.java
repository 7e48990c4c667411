package io.wagateway.assistant;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** {@code ESCALATION_KEYWORDS}: a user message containing one of these words hands the conversation to a person. */
@Component("escalationKeywords")
public class EscalationKeywords {

    private final List<Pattern> words;

    public EscalationKeywords(@Value("${gateway.escalation-keywords:}") String keywords) {
        this.words = Arrays.stream(keywords.split(","))
                .map(String::trim)
                .filter(word -> !word.isEmpty())
                .map(word -> Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])"))
                .toList();
    }

    /**
     * Whether the user's newest messages ask for a person: the newest user message and the ones the user
     * wrote right before it (a burst answered by one reply), back to the previous message of someone else
     * ({@link HistoryMessage#answeredFrom}).
     */
    public boolean requested(List<HistoryMessage> history) {
        for (int i = HistoryMessage.answeredFrom(history); i < history.size(); i++) {
            // a voice note's transcript is its content (media/record-transcript.sql)
            String text = String.valueOf(history.get(i).content()).toLowerCase(Locale.ROOT);
            if (history.get(i).fromUser() && words.stream().anyMatch(word -> word.matcher(text).find())) {
                return true;
            }
        }
        return false;
    }
}
