package io.wagateway.kommo;

import io.wagateway.Fixtures;
import io.wagateway.webhook.FormBody;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds Kommo "incoming message received" webhooks as Kommo sends them: form-encoded, PHP-style keys. */
public final class KommoWebhooks {

    /** The message of the real capture {@code kommo-classic-incoming-message.form}. */
    public static final String FIXTURE = "kommo-classic-incoming-message.form";
    public static final String FIXTURE_MESSAGE_ID = "b26bbe6d-a691-4a8b-b269-29df5fb9dbea";
    public static final String FIXTURE_CHAT_ID = "f7432b58-39ed-4ee3-a39a-9bae88989406";

    private KommoWebhooks() {
    }

    /** The fixture's fields, in order, as a mutable map. */
    public static Map<String, String> fixture() {
        return new LinkedHashMap<>(FormBody.parse(Fixtures.bytes(FIXTURE)));
    }

    /** The account fields every webhook starts with. */
    public static Map<String, String> account() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("account[subdomain]", "dpoippk");
        form.put("account[id]", "31579862");
        form.put("account[_links][self]", "https://dpoippk.amocrm.ru");
        return form;
    }

    /** Adds message[add][n] to {@code form}: {@code type} incoming (author = the client) or outgoing (a user). */
    public static Map<String, String> addMessage(Map<String, String> form, int n, String id, String chatId,
                                                 String type, String text) {
        String prefix = "message[add][" + n + "]";
        form.put(prefix + "[id]", id);
        form.put(prefix + "[chat_id]", chatId);
        form.put(prefix + "[talk_id]", "166");
        form.put(prefix + "[contact_id]", "13311307");
        form.put(prefix + "[text]", text);
        form.put(prefix + "[created_at]", "1711548814");
        form.put(prefix + "[element_type]", "2");
        form.put(prefix + "[element_id]", "9000001");
        form.put(prefix + "[entity_type]", "lead");
        form.put(prefix + "[entity_id]", "9000001");
        form.put(prefix + "[type]", type);
        if ("incoming".equals(type)) {
            form.put(prefix + "[author][id]", "aaac520b-1d81-49e1-bdd3-f43d34341544");
            form.put(prefix + "[author][type]", "external");
            form.put(prefix + "[author][name]", "Adrbill");
        } else {
            form.put(prefix + "[author][id]", "5b0a4d38-0f3a-4c4f-9d4c-2f1b5d7e6a11");
            form.put(prefix + "[author][type]", "user");
            form.put(prefix + "[author][name]", "Olga (sales)");
        }
        form.put(prefix + "[origin]", "waba");
        return form;
    }

    public static Map<String, String> message(int n, String id, String chatId, String type, String text) {
        return addMessage(account(), n, id, chatId, type, text);
    }
}
