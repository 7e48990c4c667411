package io.wagateway.media;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded default: files in {@code MEDIA_DIR}, at {@code <first two hex digits>/<sha256>}. A file is written
 * to {@code tmp/} first and moved into place once complete, so a crash never leaves half a file under its address.
 */
public class LocalMediaStore implements MediaStore {

    private final Path root;

    public LocalMediaStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root.resolve("tmp"));
    }

    @Override
    public StoredFile put(InputStream content, long maxBytes) throws IOException {
        Path partial = Files.createTempFile(root.resolve("tmp"), "upload-", ".part");
        try {
            StoredFile stored;
            try (OutputStream out = Files.newOutputStream(partial)) {
                stored = HashingCopy.copy(content, out, maxBytes);
            }
            Path target = pathOf(stored.sha256());
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException sameContentMeanwhile) {
                    // another worker kept the same bytes first
                }
            }
            return stored;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        Path path = pathOf(sha256);
        if (!Files.isRegularFile(path)) {
            throw new FileNotFoundException("no stored media file " + sha256);
        }
        return Files.newInputStream(path);
    }

    @Override
    public boolean contains(String sha256) {
        return Files.isRegularFile(pathOf(sha256));
    }

    private Path pathOf(String sha256) {
        ContentAddress.checked(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
