package io.wagateway.assistant;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** Whether the newest user message of the history asks for a person. */
    public boolean requested(List<Map<String, Object>> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            Map<String, Object> row = history.get(i);
            if ("user".equals(row.get("role"))) {
                String text = String.valueOf(row.get("content")).toLowerCase(Locale.ROOT);
                return words.stream().anyMatch(word -> word.matcher(text).find());
            }
        }
        return false;
    }
}
