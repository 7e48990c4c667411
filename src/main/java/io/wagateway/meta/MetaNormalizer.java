package io.wagateway.meta;

import static io.wagateway.meta.MetaJson.array;
import static io.wagateway.meta.MetaJson.kind;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.canonical.CanonicalMessage;
import io.wagateway.canonical.ConsentChange;
import io.wagateway.canonical.IdentityChange;
import io.wagateway.webhook.WebhookException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns one Meta WhatsApp Cloud API webhook body into canonical messages, status updates and identity
 * changes: every entry, every change, every message and status, in order. This class walks the envelope
 * ({@code entry[].changes[].value}); a message is read by {@link MetaMessage} (what it says by
 * {@link MetaContent}), a status by {@link MetaStatuses}. {@code system} messages and the {@code user_id_update}
 * field are identity changes ({@link MetaIdentityChanges}), the {@code user_preferences} field opt-outs
 * ({@link MetaUserPreferences}); changes of other fields carry nothing to store.
 *
 * <p>Defensive: a body that is not JSON ({@link MetaJsonBody}), or lacks {@code object} or {@code entry}, is a
 * {@code 400}, and so is a message without {@code id}, or without both the phone ({@code from}) and the BSUID
 * ({@code from_user_id}), or with one of the wrong shape ({@link MetaUser}): it could be neither stored nor
 * answered. Everything else that is missing or odd is described rather than refused.
 */
@Component("metaNormalizer")
public class MetaNormalizer {

    static final String WHATSAPP_OBJECT = "whatsapp_business_account";
    private static final String MESSAGES = "messages";
    private static final String USER_ID_UPDATE = "user_id_update";
    private static final String USER_PREFERENCES = "user_preferences";
    private static final String SYSTEM = "system";
    private static final Logger LOG = LoggerFactory.getLogger(MetaNormalizer.class);

    private final MetaJsonBody jsonBody;

    public MetaNormalizer(ObjectMapper json) {
        this.jsonBody = new MetaJsonBody(json);
    }

    @Handler
    public MetaNotification normalize(byte[] body) {
        JsonNode root = jsonBody.parse(body);
        if (!root.isObject()) {
            throw WebhookException.badRequest("malformed notification", "expected a JSON object, got " + kind(root));
        }
        JsonNode object = root.get("object");
        if (object == null || !object.isTextual()) {
            throw WebhookException.badRequest("missing field object",
                    "a Meta webhook notification always carries \"object\": \"" + WHATSAPP_OBJECT + "\"");
        }
        JsonNode entries = root.get("entry");
        if (entries == null || !entries.isArray()) {
            throw WebhookException.badRequest("missing field entry",
                    "a Meta webhook notification always carries an array \"entry\"");
        }
        Found found = new Found();
        if (!WHATSAPP_OBJECT.equals(object.asText())) {
            LOG.info("Meta notification for object '{}' ignored: only {} is handled", object.asText(), WHATSAPP_OBJECT);
            return found.notification();
        }
        for (int e = 0; e < entries.size(); e++) {
            JsonNode changes = array(entries.get(e).path("changes"));
            for (int c = 0; c < changes.size(); c++) {
                change(changes.get(c), "entry[" + e + "].changes[" + c + "]", found);
            }
        }
        return found.notification();
    }

    private static void change(JsonNode change, String where, Found found) {
        String field = text(change, "field");
        JsonNode value = change.path("value");
        if (USER_PREFERENCES.equals(field)) {
            found.consentChanges.addAll(MetaUserPreferences.of(value, where + ".value"));
        } else if (USER_ID_UPDATE.equals(field)) {
            found.identityChanges.addAll(MetaIdentityChanges.ofUserIdUpdate(value, where + ".value"));
        } else if (MESSAGES.equals(field)) {
            messagesValue(value, where, found);
        } else {
            LOG.info("Meta notification {} of field '{}' ignored: nothing to store", where, field);
        }
    }

    /** A change of field {@code messages}: inbound messages, statuses of sent ones, and Meta's errors. */
    private static void messagesValue(JsonNode value, String where, Found found) {
        JsonNode messages = array(value.path("messages"));
        for (int m = 0; m < messages.size(); m++) {
            JsonNode message = messages.get(m);
            String at = where + ".value.messages[" + m + "]";
            if (message.isObject() && SYSTEM.equals(text(message, "type"))) {
                found.identityChanges.add(MetaIdentityChanges.ofSystemMessage(message, MetaMessage.id(message, at),
                        MetaMessage.receivedAt(message), at));
            } else {
                found.messages.add(MetaMessage.of(message, value, at));
            }
        }
        JsonNode statuses = array(value.path("statuses"));
        for (int s = 0; s < statuses.size(); s++) {
            MetaStatusUpdate status = MetaStatuses.of(statuses.get(s), where + ".value.statuses[" + s + "]");
            if (status != null) {
                found.statuses.add(status);
            }
        }
        for (JsonNode error : array(value.path("errors"))) {
            LOG.warn("Meta reported an error in {}: {}", where, error);
        }
    }

    /** What the walk has found so far, in arrival order. */
    private static final class Found {

        final List<CanonicalMessage> messages = new ArrayList<>();
        final List<MetaStatusUpdate> statuses = new ArrayList<>();
        final List<IdentityChange> identityChanges = new ArrayList<>();
        final List<ConsentChange> consentChanges = new ArrayList<>();

        MetaNotification notification() {
            return new MetaNotification(messages, statuses, identityChanges, consentChanges);
        }
    }
}
