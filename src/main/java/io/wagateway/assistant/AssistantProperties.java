package io.wagateway.assistant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The assistant's settings (environment variables {@code AI_*}): {@code transcriptionModel} transcribes voice notes,
 * {@code vision} shows the model the images of the messages it answers. A blank value means the default, as an
 * unset one does: docker compose passes unset variables through as empty strings.
 */
@ConfigurationProperties("gateway.ai")
public record AssistantProperties(
        String baseUrl,
        String apiKey,
        String model,
        String systemPrompt,
        Integer historyMessages,
        Long timeoutMs,
        String holdingMessage,
        String transcriptionModel,
        Boolean vision) {

    static final String DEFAULT_MODEL = "gpt-4o-mini";
    static final String DEFAULT_SYSTEM_PROMPT = "You are the friendly customer-service assistant of this business "
            + "on WhatsApp. Answer briefly and politely, in the language the customer writes in. If you cannot help, "
            + "say that a person from the team will follow up.";
    static final String DEFAULT_HOLDING_MESSAGE =
            "Thanks for your message! A person from our team will get back to you shortly.";

    public AssistantProperties {
        model = StringUtils.hasText(model) ? model : DEFAULT_MODEL;
        systemPrompt = StringUtils.hasText(systemPrompt) ? systemPrompt : DEFAULT_SYSTEM_PROMPT;
        historyMessages = historyMessages == null || historyMessages < 1 ? 20 : historyMessages;
        timeoutMs = timeoutMs == null || timeoutMs < 1 ? 30_000L : timeoutMs;
        holdingMessage = StringUtils.hasText(holdingMessage) ? holdingMessage : DEFAULT_HOLDING_MESSAGE;
        transcriptionModel = StringUtils.hasText(transcriptionModel) ? transcriptionModel.trim() : null;
        vision = vision != null && vision;
    }

    public boolean online() {
        return StringUtils.hasText(baseUrl);
    }

    /** Voice notes are transcribed ({@code AI_TRANSCRIPTION_MODEL} at the API of {@code AI_BASE_URL}). */
    public boolean transcribes() {
        return online() && transcriptionModel != null;
    }
}
