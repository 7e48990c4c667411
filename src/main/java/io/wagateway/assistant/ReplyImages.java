package io.wagateway.assistant;

import dev.langchain4j.data.message.ImageContent;
import io.wagateway.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The stored images the model is shown ({@code AI_VISION=true}), as langchain4j image content (base64 data and its
 * type, sent as a {@code data:} URL): only the types a vision model takes, at most {@value #MAX_IMAGE_BYTES} bytes
 * each. Any other image is described to the model in words instead.
 */
@Component
public class ReplyImages {

    static final long MAX_IMAGE_BYTES = 5L * 1024 * 1024;
    static final Set<String> MODEL_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private static final Logger LOG = LoggerFactory.getLogger(ReplyImages.class);

    private final MediaStore store;

    public ReplyImages(MediaStore store) {
        this.store = store;
    }

    /** The image content of a stored image the model can take; {@code null} when it is described instead. */
    public ImageContent load(ReplyMedia media) {
        if (!media.kind().image() || !media.stored() || !MODEL_TYPES.contains(media.mimeType())
                || media.size() == null || media.size() > MAX_IMAGE_BYTES) {
            return null;
        }
        try (InputStream in = store.open(media.sha256())) {
            byte[] bytes = in.readNBytes((int) MAX_IMAGE_BYTES + 1);
            if (bytes.length > MAX_IMAGE_BYTES) {
                return null;
            }
            return ImageContent.from(Base64.getEncoder().encodeToString(bytes), media.mimeType());
        } catch (IOException e) {
            LOG.warn("Image {} cannot be read from the media store ({}): the model gets its description instead",
                    media.id(), e.toString());
            return null;
        }
    }
}
