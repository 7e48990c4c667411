package io.wagateway.kommo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KommoWebhookSecretTest {

    @Test
    void secretIsReadDecodedFromTheQueryString() {
        assertThat(KommoWebhookSecret.queryParameter("a=1&secret=s%2Bcr%C3%A9t&b=2", "secret")).isEqualTo("s+crét");
        assertThat(KommoWebhookSecret.queryParameter("secret=first&secret=second", "secret")).isEqualTo("first");
        assertThat(KommoWebhookSecret.queryParameter("secret", "secret")).isEmpty();
    }

    @Test
    void absentOrMalformedSecretIsNull() {
        assertThat(KommoWebhookSecret.queryParameter(null, "secret")).isNull();
        assertThat(KommoWebhookSecret.queryParameter("secretive=x", "secret")).isNull();
        assertThat(KommoWebhookSecret.queryParameter("secret=%ZZ", "secret")).isNull();
    }
}
