package io.wagateway.assistant;

import dev.langchain4j.data.audio.Audio;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.audio.AudioTranscriptionModel;
import dev.langchain4j.model.audio.AudioTranscriptionRequest;
import dev.langchain4j.model.openai.OpenAiAudioTranscriptionModel;
import io.wagateway.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Speech to text of voice notes and audio ({@code AI_TRANSCRIPTION_MODEL}): langchain4j's OpenAI transcription
 * model, a multipart {@code POST {AI_BASE_URL}/audio/transcriptions} with the model and the file from the media
 * store. Tried once per call: retries belong to the reply job, like the chat model's.
 */
@Component
public class VoiceTranscriber {

    /** The largest file OpenAI's transcription API takes. */
    static final long MAX_AUDIO_BYTES = 25L * 1024 * 1024;

    private final AudioTranscriptionModel model;
    private final MediaStore store;

    public VoiceTranscriber(AssistantProperties properties, MediaStore store) {
        this.store = store;
        this.model = properties.transcribes() ? OpenAiAudioTranscriptionModel.builder()
                .baseUrl(properties.baseUrl())
                .apiKey(StringUtils.hasText(properties.apiKey()) ? properties.apiKey() : "not-needed")
                .modelName(properties.transcriptionModel())
                .timeout(Duration.ofMillis(properties.timeoutMs()))
                .httpClientProvider(new AiHttpClientBuilder())
                .maxRetries(0)
                .build() : null;
    }

    /** Whether voice notes are transcribed at all. */
    public boolean enabled() {
        return model != null;
    }

    /** What the stored voice note says; a failure is judged like the chat model's ({@link AiFailure}). */
    public String transcribe(ReplyMedia note) throws IOException {
        if (note.size() != null && note.size() > MAX_AUDIO_BYTES) {
            throw new NonRetriableException("the file has " + note.size() + " bytes, more than the "
                    + MAX_AUDIO_BYTES + " a transcription takes");
        }
        byte[] bytes;
        try (InputStream in = store.open(note.sha256())) {
            bytes = in.readAllBytes();
        }
        // the file's name gets its extension from the type (audio_file.ogg), without parameters such as codecs=opus
        String mimeType = note.mimeType() == null ? "audio/ogg" : note.mimeType();
        Audio audio = Audio.builder().binaryData(bytes).mimeType(mimeType).build();
        String text = model.transcribe(AudioTranscriptionRequest.builder().audio(audio).build()).text();
        return text == null ? "" : text.trim();
    }
}
