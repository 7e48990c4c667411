package io.wagateway.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagateway.media.MediaFiles;
import io.wagateway.media.MediaStore;
import io.wagateway.outbound.MediaUnavailableException;
import io.wagateway.outbound.OutgoingMedia;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.apache.camel.RuntimeCamelException;
import org.springframework.stereotype.Component;

/**
 * A stored media item handed to the Graph API before the message that sends it:
 * {@code POST {META_GRAPH_BASE_URL}/{version}/{META_PHONE_NUMBER_ID}/media}, multipart with
 * {@code messaging_product=whatsapp}, {@code type} and {@code file} (streamed from the media store), answered
 * {@code {"id": "<media id>"}}, which the message then names. Through {@link GraphHttpClient} (timeouts, no answer as
 * a synthetic {@code 503}, {@code Retry-After} kept), and an error answer reported as camel-whatsapp reports one
 * ({@code "<uri> responded: <status> and body: <body>"}), so {@link MetaErrors} judges both calls alike. Each attempt
 * uploads again: Meta keeps an upload for 30 days, but a retried send is rare and the upload is not a message.
 */
@Component
class MetaMediaUpload {

    private final GraphHttpClient client;
    private final MediaStore store;
    private final ObjectMapper json;
    private final URI uri;
    private final String authorizationToken;

    MetaMediaUpload(GraphHttpClient client, MediaStore store, ObjectMapper json, MetaProperties meta) {
        this.client = client;
        this.store = store;
        this.json = json;
        String phoneNumberId = meta.canSend() ? meta.phoneNumberId().trim() : MetaConfiguration.NO_CREDENTIALS;
        this.uri = URI.create(meta.graphBaseUrl() + "/" + meta.apiVersion() + "/" + phoneNumberId + "/media");
        this.authorizationToken = meta.canSend() ? meta.accessToken() : MetaConfiguration.NO_CREDENTIALS;
    }

    /** Meta's id of the uploaded file. */
    String upload(OutgoingMedia media) throws IOException {
        if (!media.available()) {
            throw new MediaUnavailableException("media " + media.mediaId() + " is no longer stored");
        }
        String contentType = media.contentType() == null ? MediaFiles.DEFAULT_CONTENT_TYPE : media.contentType();
        String boundary = "wa-gateway-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"type\"\r\n\r\n" + contentType + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + asciiName(media) + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        InputStream file;
        try {
            file = store.open(media.sha256());
        } catch (FileNotFoundException e) {
            throw new MediaUnavailableException("the file of media " + media.mediaId() + " is not in the media store");
        }
        try (InputStream body = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(head), file, new ByteArrayInputStream(tail))))) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + authorizationToken)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> body), head.length + media.size() + tail.length))
                    .build();
            HttpResponse<String> response = send(request);
            if (response.statusCode() < 200 || response.statusCode() >= 300) {
                throw new RuntimeCamelException(uri + " responded: " + response.statusCode() + " and body: "
                        + response.body());
            }
            JsonNode id = json.readTree(response.body()).path("id");
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new IllegalStateException("the Graph API's answer to the upload has no id: " + response.body());
            }
            return id.asText();
        }
    }

    /** Through sendAsync, where {@link GraphHttpClient} makes a failure without an answer a {@code 503} answer. */
    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    private static String asciiName(OutgoingMedia media) {
        String name = media.filename() == null ? "file" : media.filename();
        return name.replaceAll("[^\\x20-\\x7E]", "_").replace("\"", "_").replace("\\", "_");
    }
}
