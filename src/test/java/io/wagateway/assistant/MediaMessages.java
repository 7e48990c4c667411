package io.wagateway.assistant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.wagateway.support.FakeProviders.OPENAI;
import static io.wagateway.support.FakeProviders.TWILIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.TwilioWebhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Messages with media as the providers deliver them, their files served by the provider's fake to the gateway's
 * download worker, and what reached the fake model: its transcription requests and the chat it was given.
 */
final class MediaMessages {

    static final String TRANSCRIPTIONS_PATH = "/v1/audio/transcriptions";
    /** A few bytes standing for a WhatsApp voice note (Ogg/Opus); the fakes never decode them. */
    static final byte[] VOICE_NOTE = "OggS\u0000\u0002voice note bytes".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] PHOTO = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 'J', 'F', 'I', 'F', 0, 1, 2, 3};

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (FakeProviders.ACCOUNT_SID + ":" + FakeProviders.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    private MediaMessages() {
    }

    /** A Twilio message carrying one attachment of {@code contentType} at the Twilio fake, {@code body} its text. */
    static Map<String, String> twilioMedia(String sid, String phone, String body, String contentType) {
        Map<String, String> form = TwilioWebhooks.text(sid, phone, body);
        form.put("NumMedia", "1");
        form.put("MediaUrl0", FakeProviders.twilioBaseUrl() + "/media/" + sid);
        form.put("MediaContentType0", contentType);
        form.put("MessageType", contentType.startsWith("image/") ? "image" : "audio");
        return form;
    }

    /** The Twilio fake serves the attachment of message {@code sid} (with the account's Basic credentials). */
    static void twilioServes(String sid, byte[] bytes, String contentType) {
        twilioServes(sid, aResponse().withHeader("Content-Type", contentType).withBody(bytes));
    }

    static void twilioServes(String sid, ResponseDefinitionBuilder answer) {
        TWILIO.stubFor(get(urlPathEqualTo("/media/" + sid)).withHeader("Authorization", equalTo(BASIC))
                .willReturn(answer));
    }

    /** A new Twilio message SID. */
    static String sid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The media row of the message, once its webhook was stored. */
    static Map<String, Object> mediaOf(JdbcTemplate jdbc, String providerMessageId) {
        return jdbc.queryForMap("""
                SELECT md.* FROM media md JOIN kommo_messages m ON m.id = md.message_id
                 WHERE m.provider_message_id = ?""", providerMessageId);
    }

    static String contentOf(JdbcTemplate jdbc, String providerMessageId) {
        return jdbc.queryForObject("SELECT content FROM kommo_messages WHERE provider_message_id = ?", String.class,
                providerMessageId);
    }

    /** The fake model transcribes every file as {@code text}. */
    static void transcriptionAnswers(String text) {
        OPENAI.stubFor(post(urlPathEqualTo(TRANSCRIPTIONS_PATH)).willReturn(transcript(text)));
    }

    static ResponseDefinitionBuilder transcript(String text) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"text\":" + TextNode.valueOf(text) + "}");
    }

    static List<LoggedRequest> transcriptions() {
        return OPENAI.findAll(postRequestedFor(urlPathEqualTo(TRANSCRIPTIONS_PATH)));
    }

    static List<LoggedRequest> chats() {
        return OPENAI.findAll(postRequestedFor(urlPathMatching(".*/chat/completions")));
    }

    /** The messages of a chat request, after the system prompt. */
    static List<JsonNode> conversation(LoggedRequest chat) {
        try {
            List<JsonNode> messages = new ArrayList<>();
            JSON.readTree(chat.getBodyAsString()).get("messages").forEach(message -> {
                if (!"system".equals(message.get("role").asText())) {
                    messages.add(message);
                }
            });
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a chat message: its content, or the text parts of a content array. */
    static String textOf(JsonNode message) {
        JsonNode content = message.get("content");
        if (!content.isArray()) {
            return content.asText();
        }
        List<String> texts = new ArrayList<>();
        content.forEach(part -> {
            if ("text".equals(part.path("type").asText())) {
                texts.add(part.get("text").asText());
            }
        });
        return String.join(" ", texts);
    }

    /** The image URLs of a chat message's content array (none for a plain text content). */
    static List<String> imageUrlsOf(JsonNode message) {
        List<String> urls = new ArrayList<>();
        JsonNode content = message.get("content");
        if (content.isArray()) {
            content.forEach(part -> {
                if ("image_url".equals(part.path("type").asText())) {
                    urls.add(part.get("image_url").get("url").asText());
                }
            });
        }
        return urls;
    }
}
