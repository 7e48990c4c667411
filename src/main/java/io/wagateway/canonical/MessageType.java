package io.wagateway.canonical;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The message types of the schema ({@code kommo_messages.message_type}). */
public enum MessageType {
    TEXT, IMAGE, FILE, LOCATION;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }
}
