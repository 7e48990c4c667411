package io.wagateway.meta;

import static io.wagateway.meta.MetaJson.putText;
import static io.wagateway.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagateway.canonical.CanonicalMessage.Location;
import io.wagateway.canonical.MessageType;
import java.util.Map;

/**
 * A {@code location}: a location when both coordinates are numbers (or numeric strings) within range, else a
 * text saying so, with the place's name and address when they came.
 */
final class MetaLocationContent {

    private MetaLocationContent() {
    }

    static MetaContent of(JsonNode detail, Map<String, Object> metadata) {
        putText(metadata, "locationUrl", detail, "url");
        String name = text(detail, "name");
        String address = text(detail, "address");
        Double latitude = coordinate(detail.path("latitude"), 90);
        Double longitude = coordinate(detail.path("longitude"), 180);
        if (latitude == null || longitude == null) {
            return MetaContent.text("[location without valid coordinates"
                    + (name == null ? "" : ": " + name) + (address == null ? "" : ", " + address) + "]");
        }
        Location location = new Location(latitude, longitude, name, address);
        StringBuilder text = new StringBuilder("[location: ");
        if (name != null) {
            text.append(name).append(", ");
        }
        if (address != null) {
            text.append(address).append(", ");
        }
        text.append(latitude).append(", ").append(longitude).append(']');
        return new MetaContent(MessageType.LOCATION, text.toString(), null, location);
    }

    private static Double coordinate(JsonNode node, double limit) {
        if (!node.isNumber() && !node.isTextual()) {
            return null;
        }
        try {
            double value = node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText().trim());
            return Double.isFinite(value) && Math.abs(value) <= limit ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
