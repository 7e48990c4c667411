package io.wagateway.kommo;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.canonical.Text.trimToNull;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kommo settings (environment variables {@code KOMMO_*}). A blank value means unset, as docker compose
 * passes unset variables through as empty strings.
 *
 * @param webhookSecret the {@code secret} query parameter Kommo's webhook URL must carry
 * @param channelSecret signs every Chats API request ({@code X-Signature})
 * @param scopeId       {@code {channel_id}_{amojo_account_id}}, the path of the Chats API calls
 * @param botId         the channel bot: the sender of the gateway's replies, and how their echo is recognised
 * @param timeoutMs     connect and response timeout of a Chats API call
 */
@ConfigurationProperties("gateway.kommo")
public record KommoProperties(
        String webhookSecret,
        String channelId,
        String channelSecret,
        String scopeId,
        String botId,
        String amojoBaseUrl,
        Long timeoutMs) {

    static final String DEFAULT_AMOJO_BASE_URL = "https://amojo.kommo.com";

    public KommoProperties {
        webhookSecret = trimToNull(webhookSecret);
        channelId = trimToNull(channelId);
        channelSecret = trimToNull(channelSecret);
        scopeId = trimToNull(scopeId);
        botId = trimToNull(botId);
        amojoBaseUrl = isBlank(amojoBaseUrl)
                ? DEFAULT_AMOJO_BASE_URL
                : amojoBaseUrl.trim().replaceAll("/+$", "");
        timeoutMs = timeoutMs == null || timeoutMs < 1 ? 10_000L : timeoutMs;
    }

    /** Without the channel secret, the scope and the bot nothing is sent (dry run). */
    public boolean canSend() {
        return channelSecret != null && scopeId != null && botId != null;
    }

    /** The webhook's {@code secret} parameter is checked whenever a secret is configured. */
    public boolean checksWebhookSecret() {
        return webhookSecret != null;
    }

    /** The path of {@code new_message} requests, as signed: {@code /v2/origin/custom/{scope_id}}. */
    public String messagesPath() {
        return "/v2/origin/custom/" + (scopeId == null ? "" : scopeId);
    }
}
