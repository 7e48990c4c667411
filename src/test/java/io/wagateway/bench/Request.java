package io.wagateway.bench;

/** An HTTP POST as sent: path with query, content type, extra headers as name/value pairs, body bytes. */
record Request(String pathAndQuery, String contentType, String[] headers, byte[] body) {
}
