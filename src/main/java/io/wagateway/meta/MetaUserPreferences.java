package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.meta.MetaJson.epochSeconds;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.canonical.ConsentChange;
import io.wagateway.canonical.Provider;
import io.wagateway.canonical.WhatsAppUserId;
import io.wagateway.webhook.WebhookFields;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meta's {@code user_preferences} webhook field: a user stopped or resumed marketing messages in WhatsApp
 * ({@code "category": "marketing_messages", "value": "stop" | "resume"}), named by {@code wa_id} and, since the
 * 2026 usernames, {@code user_id}. Whatever else arrives in it (another category or value, no user, a field of
 * another kind) is acknowledged and ignored with a WARN: a preference the gateway cannot read must not make Meta
 * redeliver the whole notification.
 */
final class MetaUserPreferences {

    private static final Logger LOG = LoggerFactory.getLogger(MetaUserPreferences.class);
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,19}");

    private MetaUserPreferences() {
    }

    static List<ConsentChange> of(JsonNode value, String where) {
        JsonNode preferences = value.path("user_preferences");
        List<JsonNode> entries = new ArrayList<>();
        if (preferences.isObject()) {
            entries.add(preferences);
        } else if (preferences.isArray()) {
            preferences.forEach(entries::add);
        } else {
            LOG.warn("Meta user_preferences {} ignored: no list of preferences in it", where);
        }
        List<ConsentChange> changes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ConsentChange change = change(entries.get(i), where + ".user_preferences[" + i + "]");
            if (change != null) {
                changes.add(change);
            }
        }
        return changes;
    }

    private static ConsentChange change(JsonNode preference, String where) {
        String value = text(preference, "value");
        String category = text(preference, "category");
        if (!"marketing_messages".equals(category) || !("stop".equals(value) || "resume".equals(value))) {
            LOG.warn("Meta user_preferences {} ignored: category {} value {} is not marketing_messages stop or resume",
                    where, quoted(category), quoted(value));
            return null;
        }
        String waId = text(preference, "wa_id");
        String userId = text(preference, "user_id");
        String phone = MetaUser.wellFormedPhone(waId);
        userId = WhatsAppUserId.isValid(userId) ? userId : null;
        if (phone == null && userId == null) {
            LOG.warn("Meta user_preferences {} ignored: no wa_id or user_id of a WhatsApp user in it", where);
            return null;
        }
        // the notice's id: the user, the preference and its time (only when it is a time), so a redelivery is one
        String timestamp = text(preference, "timestamp");
        timestamp = timestamp != null && SECONDS.matcher(timestamp.strip()).matches() ? timestamp.strip() : "-";
        return new ConsentChange(Provider.META, "user_preferences:" + (userId != null ? userId : phone) + ":" + value
                + ":" + timestamp, phone, userId, "stop".equals(value),
                "[user preference: marketing messages " + value + (isBlank(text(preference, "detail")) ? ""
                        : ", " + text(preference, "detail")) + "]", epochSeconds(timestamp));
    }

    private static String quoted(String value) {
        return value == null ? "null" : WebhookFields.quote(value);
    }
}
