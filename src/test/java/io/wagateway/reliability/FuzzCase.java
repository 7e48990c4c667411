package io.wagateway.reliability;

/**
 * One generated webhook request: the bytes, their content type (null: no header), and whether it carries a
 * valid signature for exactly these bytes, none, or a forged one. {@code kind} names the generator's strategy.
 */
record FuzzCase(String webhook, String kind, String contentType, byte[] body, Signing signing) {

    enum Signing { VALID, NONE, FORGED }

    FuzzCase withContentType(String type) {
        return new FuzzCase(webhook, kind + "+content-type", type, body, signing);
    }

    FuzzCase withSigning(Signing newSigning) {
        return new FuzzCase(webhook, kind, contentType, body, newSigning);
    }

    @Override
    public String toString() {
        String start = new String(body, 0, Math.min(body.length, 160), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", "?");
        return webhook + " " + kind + " (" + body.length + " bytes, " + contentType + ", " + signing + "): " + start;
    }
}
