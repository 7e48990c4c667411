package io.wagateway.meta;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Meta WhatsApp Cloud API settings (environment variables {@code META_*}). A blank base URL or API
 * version falls back to the default, a base URL loses its trailing slashes.
 */
@ConfigurationProperties("gateway.meta")
public record MetaProperties(
        String accessToken,
        String phoneNumberId,
        String appSecret,
        String verifyToken,
        String graphBaseUrl,
        String apiVersion,
        String fallbackTemplate,
        String fallbackTemplateLanguage) {

    public static final String DEFAULT_GRAPH_BASE_URL = "https://graph.facebook.com";
    public static final String DEFAULT_API_VERSION = "v26.0";

    public MetaProperties {
        graphBaseUrl = StringUtils.hasText(graphBaseUrl)
                ? graphBaseUrl.trim().replaceAll("/+$", "")
                : DEFAULT_GRAPH_BASE_URL;
        apiVersion = StringUtils.hasText(apiVersion) ? apiVersion.trim() : DEFAULT_API_VERSION;
    }

    /** Without an access token and a phone number id nothing is sent (dry run). */
    public boolean canSend() {
        return StringUtils.hasText(accessToken) && StringUtils.hasText(phoneNumberId);
    }

    /** {@code X-Hub-Signature-256} is checked whenever an app secret is set. */
    public boolean checksSignatures() {
        return StringUtils.hasText(appSecret);
    }

    /** The verification handshake is answered only when a verify token is set. */
    public boolean answersVerification() {
        return StringUtils.hasText(verifyToken);
    }
}
