package io.wagateway.assistant;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The chat model behind the {@code langchain4j-chat} endpoint: any OpenAI-compatible API when
 * {@code AI_BASE_URL} is set, otherwise the built-in {@link OfflineResponder}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AssistantProperties.class)
public class ChatModelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ChatModelConfiguration.class);

    @Bean
    ChatModel chatModel(AssistantProperties properties) {
        if (!properties.online()) {
            LOG.info("AI_BASE_URL is not set: replies come from the built-in offline responder");
            return new OfflineResponder();
        }
        LOG.info("Assistant: model {} at {}", properties.model(), properties.baseUrl());
        return OpenAiChatModel.builder()
                .baseUrl(properties.baseUrl())
                .apiKey(StringUtils.hasText(properties.apiKey()) ? properties.apiKey() : "not-needed")
                .modelName(properties.model())
                .timeout(Duration.ofMillis(properties.timeoutMs()))
                // keeps the Retry-After of an error answer, which langchain4j's own client drops
                .httpClientBuilder(new AiHttpClientBuilder())
                // retries belong to the reply worker: durable, bounded, with backoff, and visible
                .maxRetries(0)
                .build();
    }
}
