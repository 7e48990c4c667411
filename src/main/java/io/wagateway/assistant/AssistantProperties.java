package io.wagateway.assistant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/** The assistant's settings (environment variables {@code AI_*}). */
@ConfigurationProperties("gateway.ai")
public record AssistantProperties(
        String baseUrl,
        String apiKey,
        String model,
        String systemPrompt,
        int historyMessages,
        long timeoutMs,
        String holdingMessage) {

    public boolean online() {
        return StringUtils.hasText(baseUrl);
    }
}
