package io.wagateway.kommo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KommoPropertiesTest {

    private static KommoProperties properties(String secret, String scope, String bot, String baseUrl) {
        return new KommoProperties(null, "channel", secret, scope, bot, baseUrl, null);
    }

    @Test
    void sendingNeedsTheChannelSecretTheScopeAndTheBotOtherwiseItRunsDry() {
        assertThat(properties("secret", "scope", "bot", null).canSend()).isTrue();
        assertThat(properties(null, "scope", "bot", null).canSend()).isFalse();
        assertThat(properties("secret", null, "bot", null).canSend()).isFalse();
        assertThat(properties("secret", "scope", null, null).canSend()).isFalse();
    }

    @Test
    void blankValuesCountAsUnsetAsDockerComposePassesThem() {
        KommoProperties blank = new KommoProperties(" ", "", " ", "", " ", " ", null);

        assertThat(blank.canSend()).isFalse();
        assertThat(blank.checksWebhookSecret()).isFalse();
        assertThat(blank.amojoBaseUrl()).isEqualTo("https://amojo.kommo.com");
        assertThat(blank.timeoutMs()).isEqualTo(10_000L);
    }

    @Test
    void messagesPathIsTheScopesCustomChannelPathAndTheBaseUrlLosesItsTrailingSlash() {
        KommoProperties kommo = properties("secret", "f90ba33d_af9945ff", "bot", "http://localhost:8089/");

        assertThat(kommo.messagesPath()).isEqualTo("/v2/origin/custom/f90ba33d_af9945ff");
        assertThat(kommo.amojoBaseUrl()).isEqualTo("http://localhost:8089");
    }
}
