package io.wagateway.canonical;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The messaging providers, spelled as in the database column {@code provider}. */
public enum Provider {
    KOMMO, TWILIO, META;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Provider fromId(String id) {
        for (Provider provider : values()) {
            if (provider.id().equals(id)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown provider: " + id);
    }

    @Override
    public String toString() {
        return id();
    }
}
