package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;
import static io.wagateway.meta.MetaJson.array;
import static io.wagateway.meta.MetaJson.orDescription;
import static io.wagateway.meta.MetaJson.putObject;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user sends from WhatsApp rather than writes: {@code contacts} cards (names and phones) and an
 * {@code order} from the business's catalog (its items are kept whole in {@code metadata}).
 */
final class MetaSharedContent {

    private MetaSharedContent() {
    }

    static MetaContent contacts(JsonNode cards, Map<String, Object> metadata) {
        List<Map<String, Object>> shared = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (JsonNode card : array(cards)) {
            String name = text(card.path("name"), "formatted_name");
            List<String> phones = new ArrayList<>();
            for (JsonNode phone : array(card.path("phones"))) {
                String number = text(phone, "phone");
                if (number != null) {
                    phones.add(number);
                }
            }
            Map<String, Object> contact = new LinkedHashMap<>();
            contact.put("name", name);
            contact.put("phones", phones);
            shared.add(contact);
            described.add(orDescription(name, "unnamed") + (phones.isEmpty() ? "" : " " + String.join(", ", phones)));
        }
        metadata.put("sharedContacts", shared);
        return MetaContent.text(described.isEmpty() ? "[shared contact without details]"
                : "[shared contact: " + String.join("; ", described) + "]");
    }

    static MetaContent order(JsonNode detail, Map<String, Object> metadata) {
        putObject(metadata, "order", detail);
        String note = text(detail, "text");
        String catalog = text(detail, "catalog_id");
        return MetaContent.text("[order: " + array(detail.path("product_items")).size() + " item(s)"
                + (isBlank(catalog) ? "" : " from catalog " + catalog) + "]" + (isBlank(note) ? "" : " " + note));
    }
}
