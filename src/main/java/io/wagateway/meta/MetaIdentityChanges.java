package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.meta.MetaJson.array;
import static io.wagateway.meta.MetaJson.epochSeconds;
import static io.wagateway.meta.MetaJson.orDescription;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.canonical.IdentityChange;
import io.wagateway.canonical.Provider;
import io.wagateway.canonical.WhatsAppUserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta's notices that a user's identity changed, in the three shapes Meta used during 2026
 * ({@code ../shared/providers/bsuid.md} §4): a {@code system} message of type {@code user_changed_number}
 * (the new phone may be shared: {@code system.wa_id}) or {@code user_changed_user_id} (only the BSUIDs), with
 * {@code previous_user_id} since August 2026 and only in the body text before; and the older
 * {@code user_id_update} field. Any other {@code system} message is a notice about its sender that links
 * nothing. None of them is the user's words: none gets a reply.
 */
final class MetaIdentityChanges {

    /** "User Ana changed from BR.1 to BR.2": the previous BSUID of a notice older than previous_user_id. */
    private static final Pattern CHANGED = Pattern.compile("changed from (\\S+) to (\\S+?)\\.?$");

    private MetaIdentityChanges() {
    }

    /** A {@code messages[]} entry of type {@code system}. */
    static IdentityChange ofSystemMessage(JsonNode message, String id, Instant receivedAt, String where) {
        JsonNode system = message.path("system");
        MetaUser.From from = MetaUser.From.of(message, where);
        String previousPhone = from.phone();
        String previousUserId = from.userId();
        String userId = userIdOrNull(system, "user_id", where + ".system");
        String phone = phoneOrNull(system, "wa_id", where + ".system");
        if (phone == null) {
            phone = phoneOrNull(system, "new_wa_id", where + ".system");
        }
        String fromUserId = userIdOrNull(message, "from_user_id", where);
        if (fromUserId != null && !fromUserId.equals(userId)) {
            previousUserId = fromUserId;
        }
        String stated = userIdOrNull(system, "previous_user_id", where + ".system");
        if (stated != null) {
            previousUserId = stated;
        } else if (previousUserId == null && userId != null) {
            previousUserId = previousInBody(text(system, "body"), userId);
        }
        String body = orDescription(text(system, "body"), orDescription(text(system, "type"), "no details"));
        return new IdentityChange(Provider.META, id, previousPhone, previousUserId, phone, userId,
                userIdOrNull(system, "parent_user_id", where + ".system"), "[system message: " + body + "]",
                receivedAt);
    }

    /** The entries of a change of field {@code user_id_update} (an array, or one object). */
    static List<IdentityChange> ofUserIdUpdate(JsonNode value, String where) {
        JsonNode updates = value.path("user_id_update");
        List<JsonNode> entries = new ArrayList<>();
        if (updates.isObject()) {
            entries.add(updates);
        } else {
            array(updates).forEach(entries::add);
        }
        String contactPhone = phoneOrNull(array(value.path("contacts")).path(0), "wa_id", where + ".contacts[0]");
        List<IdentityChange> changes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode update = entries.get(i);
            String at = where + ".user_id_update[" + i + "]";
            String previous = userIdOrNull(update.path("user_id"), "previous", at + ".user_id");
            String current = userIdOrNull(update.path("user_id"), "current", at + ".user_id");
            if (previous == null && current == null) {
                continue;
            }
            String phone = phoneOrNull(update, "wa_id", at);
            changes.add(new IdentityChange(Provider.META, "user_id_update:" + previous + ":" + current, null,
                    previous, phone != null ? phone : contactPhone, current,
                    userIdOrNull(update.path("parent_user_id"), "current", at + ".parent_user_id"),
                    "[system message: " + orDescription(text(update, "detail"),
                            "user id changed from " + previous + " to " + current) + "]",
                    epochSeconds(text(update, "timestamp"))));
        }
        return changes;
    }

    private static String previousInBody(String body, String userId) {
        Matcher changed = body == null ? null : CHANGED.matcher(body.strip());
        if (changed != null && changed.find() && WhatsAppUserId.isValid(changed.group(1))
                && userId.equals(changed.group(2))) {
            return changed.group(1);
        }
        return null;
    }

    private static String userIdOrNull(JsonNode node, String field, String where) {
        String value = text(node, field);
        return isBlank(value) ? null : MetaUser.userId(value, field, where);
    }

    private static String phoneOrNull(JsonNode node, String field, String where) {
        String value = text(node, field);
        return isBlank(value) ? null : MetaUser.phone(value, field, where);
    }
}
